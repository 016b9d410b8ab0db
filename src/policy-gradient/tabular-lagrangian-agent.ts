import { join } from 'node:path';
import type { Agent, StepStats, Transition } from '../core/agent.js';
import { checkInteger } from '../core/checks.js';
import { InvalidArgumentError, describeValue } from '../core/errors.js';
import { Rng, type RngState } from '../core/rng.js';
import { checkConstraints, costsProblem, type ConstraintSpec } from '../envs/constrained/constrained-env.js';
import { softmaxPolicy } from '../envs/tabular/exact-gradient.js';
import { readArrays, writeArrays } from '../replay/array-file.js';
import { gdaDirection, lagrangianAdvantage, type StepDirection } from './lagrangian.js';
import { optimisticDirection } from './reload.js';

/** Options of `TabularLagrangianAgent`. */
export interface TabularLagrangianAgentOptions {
  readonly S: number;
  readonly A: number;
  /** The env's constraints (their budgets and discounts); `info.costs` must hold one cost per constraint. */
  readonly constraints: readonly ConstraintSpec[];
  /** `'reload'` (optimistic 2·g_t − g_{t−1} for both players) or `'gda'` (plain gradients). */
  readonly rule: 'reload' | 'gda';
  /** Discount of the reward critic; default 0.99. */
  readonly gamma?: number;
  /** Policy step size η_θ; default 0.1. */
  readonly stepSize?: number;
  /** Multiplier step size η_μ; default the policy's. */
  readonly multiplierStepSize?: number;
  /** TD(0) step size of the reward and cost critics; default 0.1. */
  readonly criticStepSize?: number;
  /** Environment steps between two ascent-descent iterations; default 1000. */
  readonly updateEvery?: number;
  readonly seed?: number;
}

/**
 * Sample-based tabular Lagrangian ascent-descent learning online from an env (for `converge train --algo reload`
 * and `--algo lagrangian-gda`): expected-SARSA TD(0) critics for Q_r and each Q_ci learn from every transition
 * (costs from `info.costs`); every `updateEvery` steps the softmax policy takes a mirror-ascent step along the
 * estimated Lagrangian advantage and each μ_i a projected step along (mean constraint value of the episodes that
 * ended since the last iteration) − b_i, plain or optimistic as in the exact agents of `lagrangian.ts`.
 */
export class TabularLagrangianAgent implements Agent<number, number> {
  readonly S: number;
  readonly A: number;
  readonly constraints: readonly ConstraintSpec[];
  readonly theta: Float64Array;
  readonly mu: Float64Array;
  readonly Qr: Float64Array;
  readonly Qc: readonly Float64Array[];
  private readonly gamma: number;
  private readonly eta: number;
  private readonly etaMu: number;
  private readonly alpha: number;
  private readonly updateEvery: number;
  private readonly direction: StepDirection;
  private rng: Rng;
  private readonly pi: Float64Array;
  private gThetaPrev: Float64Array | undefined;
  private gMuPrev: Float64Array | undefined;
  private steps = 0;
  /** Per constraint: this episode's (discounted) cost so far, the next step's discount, and ended episodes' values. */
  private readonly episodeCost: Float64Array;
  private readonly discount: Float64Array;
  private episodeLength = 0;
  private readonly endedSum: Float64Array;
  private endedCount = 0;

  constructor(o: TabularLagrangianAgentOptions) {
    checkInteger('TabularLagrangianAgent: S', o.S);
    checkInteger('TabularLagrangianAgent: A', o.A);
    checkConstraints('TabularLagrangianAgent', o.constraints);
    if (o.rule !== 'reload' && o.rule !== 'gda') throw new InvalidArgumentError(`TabularLagrangianAgent: rule must be "reload" or "gda", got ${describeValue(o.rule)}`);
    const positive = (name: string, v: number, max = Infinity): number => {
      if (!(v > 0 && v <= max)) throw new InvalidArgumentError(`TabularLagrangianAgent: ${name} must be in (0, ${max}], got ${describeValue(v)}`);
      return v;
    };
    this.S = o.S;
    this.A = o.A;
    this.constraints = o.constraints.map((c) => ({ ...c }));
    this.gamma = o.gamma ?? 0.99;
    if (!(this.gamma >= 0 && this.gamma < 1)) throw new InvalidArgumentError(`TabularLagrangianAgent: gamma must be in [0, 1), got ${describeValue(this.gamma)}`);
    this.eta = positive('stepSize', o.stepSize ?? 0.1);
    this.etaMu = positive('multiplierStepSize', o.multiplierStepSize ?? this.eta);
    this.alpha = positive('criticStepSize', o.criticStepSize ?? 0.1, 1);
    this.updateEvery = o.updateEvery ?? 1000;
    checkInteger('TabularLagrangianAgent: updateEvery', this.updateEvery);
    this.direction = o.rule === 'reload' ? optimisticDirection : gdaDirection;
    this.rng = new Rng(o.seed ?? 0);
    const m = this.constraints.length;
    this.theta = new Float64Array(o.S * o.A);
    this.pi = new Float64Array(o.S * o.A).fill(1 / o.A);
    this.mu = new Float64Array(m);
    this.Qr = new Float64Array(o.S * o.A);
    this.Qc = Array.from({ length: m }, () => new Float64Array(o.S * o.A));
    this.episodeCost = new Float64Array(m);
    this.discount = new Float64Array(m).fill(1);
    this.endedSum = new Float64Array(m);
  }

  /** The current policy table π(a|s) = softmax θ[s, ·] (a view: it changes with every iteration). */
  get policy(): Float64Array {
    return this.pi;
  }

  act(obs: number, opts?: { explore?: boolean }): number {
    const row = this.pi.subarray(obs * this.A, (obs + 1) * this.A);
    if (opts?.explore === false) {
      let best = 0;
      for (let a = 1; a < this.A; a++) if ((row[a] as number) > (row[best] as number)) best = a;
      return best;
    }
    return this.rng.categorical(row);
  }

  observe(t: Transition<number, number>): StepStats | void {
    const problem = costsProblem(t.info, this.constraints.length);
    if (problem !== undefined) throw new InvalidArgumentError(`TabularLagrangianAgent.observe at step ${this.steps}: ${problem}`);
    const costs = t.info.costs as Float64Array;
    const sa = t.obs * this.A + t.action;
    this.td(this.Qr, sa, t.reward, t.nextObs, t.terminated, this.gamma);
    this.constraints.forEach((c, i) => {
      this.td(this.Qc[i] as Float64Array, sa, costs[i] as number, t.nextObs, t.terminated, c.kind === 'discounted' ? c.gamma : this.gamma);
      this.episodeCost[i] = (this.episodeCost[i] as number) + (this.discount[i] as number) * (costs[i] as number);
      if (c.kind === 'discounted') this.discount[i] = (this.discount[i] as number) * c.gamma;
    });
    this.episodeLength++;
    if (t.terminated || t.truncated) this.endEpisode();
    this.steps++;
    if (this.steps % this.updateEvery !== 0) return;
    return this.iterate();
  }

  /** Expected-SARSA TD(0): Q[s,a] += α (c + γ Σ_b π(b|s') Q[s',b] − Q[s,a]), no bootstrap past termination. */
  private td(Q: Float64Array, sa: number, r: number, s2: number, terminated: boolean, gamma: number): void {
    let next = 0;
    if (!terminated) for (let b = 0; b < this.A; b++) next += (this.pi[s2 * this.A + b] as number) * (Q[s2 * this.A + b] as number);
    Q[sa] = (Q[sa] as number) + this.alpha * (r + gamma * next - (Q[sa] as number));
  }

  private endEpisode(): void {
    this.constraints.forEach((c, i) => {
      this.endedSum[i] = (this.endedSum[i] as number) + (c.kind === 'average' ? (this.episodeCost[i] as number) / this.episodeLength : (this.episodeCost[i] as number));
    });
    this.endedCount++;
    this.episodeCost.fill(0);
    this.discount.fill(1);
    this.episodeLength = 0;
  }

  /** One ascent-descent iteration from the critics and the episodes that ended since the last one. */
  private iterate(): StepStats {
    const { S, A } = this;
    const m = this.constraints.length;
    const gTheta = lagrangianAdvantage({ Qr: this.Qr, Qc: this.Qc }, this.mu, this.pi, S, A, new Float64Array(S * A));
    const stats: Record<string, number> = {};
    const dTheta = this.direction(gTheta, this.gThetaPrev ?? gTheta, new Float64Array(S * A));
    for (let k = 0; k < S * A; k++) this.theta[k] = (this.theta[k] as number) + this.eta * (dTheta[k] as number);
    this.gThetaPrev = gTheta;
    // Without a finished episode there is no estimate of V_c: the multipliers wait for one.
    if (this.endedCount > 0) {
      const gMu = Float64Array.from({ length: m }, (_, i) => (this.endedSum[i] as number) / this.endedCount - (this.constraints[i]?.budget as number));
      const dMu = this.direction(gMu, this.gMuPrev ?? gMu, new Float64Array(m));
      for (let i = 0; i < m; i++) this.mu[i] = Math.max(0, (this.mu[i] as number) + this.etaMu * (dMu[i] as number));
      this.gMuPrev = gMu;
      this.constraints.forEach((c, i) => (stats[`cost/${c.name}`] = (this.endedSum[i] as number) / this.endedCount));
      this.endedSum.fill(0);
      this.endedCount = 0;
    }
    this.refreshPolicy();
    this.constraints.forEach((c, i) => (stats[`mu/${c.name}`] = this.mu[i] as number));
    return stats;
  }

  private refreshPolicy(): void {
    this.pi.set(softmaxPolicy(this.theta, this.S, this.A));
  }

  async save(dir: string): Promise<void> {
    const meta = {
      kind: 'TabularLagrangianAgent',
      S: this.S,
      A: this.A,
      m: this.constraints.length,
      steps: this.steps,
      episodeLength: this.episodeLength,
      endedCount: this.endedCount,
      hasPrev: this.gThetaPrev !== undefined,
      hasPrevMu: this.gMuPrev !== undefined,
      rng: this.rng.getState(),
    };
    const m = this.constraints.length;
    const arrays: Record<string, Float64Array> = {
      theta: this.theta,
      mu: this.mu,
      Qr: this.Qr,
      episodeCost: this.episodeCost,
      discount: this.discount,
      endedSum: this.endedSum,
      gThetaPrev: this.gThetaPrev ?? new Float64Array(this.S * this.A),
      gMuPrev: this.gMuPrev ?? new Float64Array(m),
    };
    this.Qc.forEach((q, i) => (arrays[`Qc${i}`] = q));
    await writeArrays(join(dir, 'tabular-lagrangian.bin'), meta, arrays);
  }

  async load(dir: string): Promise<void> {
    const path = join(dir, 'tabular-lagrangian.bin');
    const { meta, arrays } = await readArrays(path);
    if (meta.kind !== 'TabularLagrangianAgent' || meta.S !== this.S || meta.A !== this.A || meta.m !== this.constraints.length) {
      throw new InvalidArgumentError(
        `TabularLagrangianAgent.load: ${path} holds ${describeValue(meta.kind)} with S=${describeValue(meta.S)}, A=${describeValue(meta.A)}, m=${describeValue(meta.m)}; this agent has S=${this.S}, A=${this.A}, m=${this.constraints.length}`,
      );
    }
    for (const [name, target] of [['theta', this.theta], ['mu', this.mu], ['Qr', this.Qr], ['episodeCost', this.episodeCost], ['discount', this.discount], ['endedSum', this.endedSum]] as const) {
      target.set(arrays[name] as Float64Array);
    }
    this.Qc.forEach((q, i) => q.set(arrays[`Qc${i}`] as Float64Array));
    this.gThetaPrev = meta.hasPrev ? Float64Array.from(arrays.gThetaPrev as Float64Array) : undefined;
    this.gMuPrev = meta.hasPrevMu ? Float64Array.from(arrays.gMuPrev as Float64Array) : undefined;
    this.steps = meta.steps as number;
    this.episodeLength = meta.episodeLength as number;
    this.endedCount = meta.endedCount as number;
    this.rng = Rng.fromState(meta.rng as RngState);
    this.refreshPolicy();
  }
}
