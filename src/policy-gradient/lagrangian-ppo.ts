import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { BatchTransition, StepStats } from '../core/agent.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { InvalidArgumentError, describeValue } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import type { Space } from '../core/spaces/space.js';
import type { ConstraintSpec } from '../envs/constrained/constrained-env.js';
import { costsProblem } from '../envs/constrained/constrained-env.js';
import { loadNetCheckpoint, saveNetCheckpoint } from '../nn/checkpoint.js';
import { ActorCritic, type ActorCriticOptions, type CompactRollout } from './actor-critic.js';
import { gae } from './gae.js';
import { ValueNet } from './value-net.js';

/** Options of `LagrangianPpo`: the actor-critic's, plus the multipliers' and the optimism switch. */
export interface LagrangianPpoOptions extends ActorCriticOptions {
  /** The env's constraints (one cost critic and one multiplier each); discounted ones only. */
  readonly constraints: readonly ConstraintSpec[];
  /** Optimistic ascent-descent (ReLOAD) when true [true]; plain gradient descent-ascent (the baseline) when false. */
  readonly optimistic?: boolean;
  /** The bound μ_max of μ_i = μ_max·σ(λ_i) [10]. */
  readonly multiplierMax?: number;
  /** μ_i before training, in (0, μ_max) [1]. */
  readonly initialMultiplier?: number;
  /** Step size of the ascent on λ; the actor-critic's base `learningRate` when undefined (no separate step size). */
  readonly multiplierLearningRate?: number;
  /** Full-batch Adam steps of each cost critic per rollout [the PPO epochs (`nEpochs`), else 1]. */
  readonly costCriticEpochs?: number;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * PPO on the Lagrangian r − Σ_i μ_i c_i (Moskovitz et al. 2023, ReLOAD's deep form): the policy's advantage is
 * Â_r − Σ_i μ_i Â_ci, with each Â_ci from GAE on a separate cost critic; the multipliers are bounded by a sigmoid,
 * μ_i = μ_max·σ(λ_i) (Moskovitz et al. 2024, constrained RLHF), and λ_i ascends on V_ci − b_i, estimated by the mean
 * discounted cost of the episodes that ended in the rollout (no update when none did). With `optimistic`, both
 * players step on 2·g_t − g_{t−1} instead of g_t: the actor-critic's clipped gradients before Adam, and λ.
 */
export class LagrangianPpo extends ActorCritic {
  readonly constraints: readonly ConstraintSpec[];
  readonly costCritics: ValueNet[];
  readonly optimistic: boolean;
  readonly multiplierMax: number;
  /** λ_i, the unbounded multiplier parameters. */
  readonly lambda: Float64Array;
  private readonly lo: LagrangianPpoOptions;
  private readonly prevGrads: tf.Variable[];
  private hasPrevGrads = false;
  /** g_{t−1} of the multipliers (V_ci − b_i of the last rollout that ended episodes), NaN before the first. */
  private readonly prevMultiplierGrad: Float64Array;
  /** Per-row costs of the rollout, row-major (row·k + i); resized with the rollout. */
  private costRows = new Float64Array(0);
  /** Per copy and constraint: the running discounted cost of the current episode, and γ^t. */
  private episodeCost = new Float64Array(0);
  private episodeDiscount = new Float64Array(0);
  /** Discounted costs of the episodes that ended since the last update, summed per constraint, and their count. */
  private readonly endedCost: Float64Array;
  private endedCount = 0;

  constructor(obsSpace: Space<unknown>, actSpace: Space<unknown>, rng: Rng, opts: LagrangianPpoOptions) {
    super(obsSpace, actSpace, rng, opts);
    const k = opts.constraints.length;
    if (k === 0) throw new InvalidArgumentError('LagrangianPpo: needs at least one constraint');
    for (const c of opts.constraints) {
      if (c.kind !== 'discounted') throw new InvalidArgumentError(`LagrangianPpo: constraint ${JSON.stringify(c.name)} is ${c.kind}; only discounted constraints are supported`);
    }
    this.lo = opts;
    this.constraints = opts.constraints;
    this.optimistic = opts.optimistic ?? true;
    this.multiplierMax = opts.multiplierMax ?? 10;
    const mu0 = opts.initialMultiplier ?? 1;
    if (!(this.multiplierMax > 0 && Number.isFinite(this.multiplierMax))) throw new InvalidArgumentError(`LagrangianPpo: multiplierMax must be a finite number > 0, got ${describeValue(this.multiplierMax)}`);
    if (!(mu0 > 0 && mu0 < this.multiplierMax)) throw new InvalidArgumentError(`LagrangianPpo: initialMultiplier must be in (0, multiplierMax = ${this.multiplierMax}), got ${describeValue(mu0)}`);
    const p = mu0 / this.multiplierMax;
    this.lambda = new Float64Array(k).fill(Math.log(p / (1 - p)));
    this.prevMultiplierGrad = new Float64Array(k).fill(Number.NaN);
    this.endedCost = new Float64Array(k);
    this.costCritics = opts.constraints.map(() => new ValueNet(this.policy.obsDim, rng.fork(), { netArch: opts.netArch, activationFn: opts.activationFn, learningRate: opts.learningRate ?? 7e-4 }));
    this.prevGrads = (this.optimizer.params as tf.Variable[]).map((v) => tf.tidy(() => tf.variable(tf.zerosLike(v), false)));
  }

  /** μ_i = μ_max·σ(λ_i). */
  multipliers(): Float64Array {
    return this.lambda.map((l) => this.multiplierMax * sigmoid(l));
  }

  protected override recordRow(row: number, i: number, b: BatchTransition): void {
    const k = this.constraints.length;
    const info = b.infos[i] ?? {};
    const problem = costsProblem(info, k);
    if (problem !== undefined) throw new InvalidArgumentError(`LagrangianPpo: env copy ${i}: ${problem}`);
    const costs = info.costs as Float64Array;
    const rows = this.nSteps * b.n;
    if (this.costRows.length !== rows * k) this.costRows = new Float64Array(rows * k);
    if (this.episodeCost.length !== b.n * k) {
      this.episodeCost = new Float64Array(b.n * k);
      this.episodeDiscount = new Float64Array(b.n * k).fill(1);
    }
    const ended = b.terminated[i] || b.truncated[i];
    for (let c = 0; c < k; c++) {
      const cost = costs[c] as number;
      this.costRows[row * k + c] = cost;
      const j = i * k + c;
      this.episodeCost[j] = (this.episodeCost[j] as number) + (this.episodeDiscount[j] as number) * cost;
      this.episodeDiscount[j] = (this.episodeDiscount[j] as number) * (this.constraints[c] as { gamma: number }).gamma;
      if (ended) {
        this.endedCost[c] = (this.endedCost[c] as number) + (this.episodeCost[j] as number);
        this.episodeCost[j] = 0;
        this.episodeDiscount[j] = 1;
      }
    }
    if (ended) this.endedCount++;
  }

  /** Fits each cost critic, forms Â_r − Σ μ_i Â_ci, then steps the multipliers on the rollout's episode costs. */
  protected override async shapeAdvantages(r: CompactRollout): Promise<void> {
    const k = this.constraints.length;
    const m = r.rows.length;
    const od = this.policy.obsDim;
    const mu = this.multipliers();
    const both = new Float32Array(2 * m * od);
    both.set(r.obs);
    both.set(r.nextObs, m * od);
    const epochs = this.lo.costCriticEpochs ?? this.lo.ppo?.nEpochs ?? 1;
    for (let c = 0; c < k; c++) {
      const critic = this.costCritics[c] as ValueNet;
      const vT = tf.tidy(() => critic.net.apply(tf.tensor2d(both, [2 * m, od])));
      const v = (await vT.data()) as Float32Array;
      vT.dispose();
      const costs = Float64Array.from(r.rows, (row) => this.costRows[row * k + c] as number);
      const { advantages, returns } = gae({ rewards: costs, values: v.subarray(0, m), nextValues: v.subarray(m), terminated: r.terminated, ends: r.ends }, this.gamma, this.gaeLambda);
      for (let j = 0; j < m; j++) r.advantages[j] = (r.advantages[j] as number) - (mu[c] as number) * (advantages[j] as number);
      await critic.fit(r.obs, returns, epochs);
    }
    this.stepMultipliers();
  }

  /** λ_i ← λ_i + η·g̃_i with g_i = V_ci − b_i, and g̃ = 2·g_t − g_{t−1} when optimistic (ReLOAD, Moskovitz et al. 2023, eq. 6). */
  private stepMultipliers(): void {
    if (this.endedCount === 0) return;
    const eta = this.lo.multiplierLearningRate ?? this.lo.learningRate ?? 7e-4;
    this.constraints.forEach((con, c) => {
      const g = (this.endedCost[c] as number) / this.endedCount - con.budget;
      const prev = this.prevMultiplierGrad[c] as number;
      const step = this.optimistic && !Number.isNaN(prev) ? 2 * g - prev : g;
      this.lambda[c] = (this.lambda[c] as number) + eta * step;
      this.prevMultiplierGrad[c] = g;
    });
    this.endedCost.fill(0);
    this.endedCount = 0;
  }

  /** The optimistic gradient 2·g_t − g_{t−1} of the actor and critic parameters (ReLOAD, Moskovitz et al. 2023, eq. 6). */
  protected override transformGrads(grads: tf.Tensor[]): tf.Tensor[] {
    if (!this.optimistic) return grads;
    const out = this.hasPrevGrads ? grads.map((g, j) => tf.sub(tf.mul(2, g), this.prevGrads[j] as tf.Variable)) : grads;
    grads.forEach((g, j) => (this.prevGrads[j] as tf.Variable).assign(g));
    this.hasPrevGrads = true;
    return out;
  }

  override observeBatch(b: BatchTransition): StepStats | void | Promise<StepStats> {
    const out = super.observeBatch(b);
    if (!(out instanceof Promise)) return out;
    return out.then((stats) => {
      const mu = this.multipliers();
      const extra: Record<string, number> = {};
      this.constraints.forEach((c, i) => (extra[`mu/${c.name}`] = mu[i] as number));
      return { ...stats, ...extra };
    });
  }

  /** The actor-critic's checkpoint, plus the cost critics with their Adams, the previous gradients and the multipliers' state. */
  override async save(dir: string): Promise<void> {
    await super.save(dir);
    await saveNetCheckpoint(join(dir, 'lagrangian-nets'), this.lagrangianParts());
    await writeFileAtomic(join(dir, LAGRANGIAN_FILE), JSON.stringify({
      lambda: Array.from(this.lambda),
      prevMultiplierGrad: Array.from(this.prevMultiplierGrad, (g) => (Number.isNaN(g) ? null : g)),
      hasPrevGrads: this.hasPrevGrads,
      costRows: Array.from(this.costRows),
      episodeCost: Array.from(this.episodeCost),
      episodeDiscount: Array.from(this.episodeDiscount),
      endedCost: Array.from(this.endedCost),
      endedCount: this.endedCount,
    }));
  }

  /** Restores what `save` wrote, so training continues as if never stopped. */
  override async load(dir: string): Promise<void> {
    await super.load(dir);
    await loadNetCheckpoint(join(dir, 'lagrangian-nets'), this.lagrangianParts(), 'LagrangianPpo.load');
    const s = JSON.parse(await readFile(join(dir, LAGRANGIAN_FILE), 'utf8')) as {
      lambda: number[]; prevMultiplierGrad: (number | null)[]; hasPrevGrads: boolean; costRows: number[]; episodeCost: number[]; episodeDiscount: number[]; endedCost: number[]; endedCount: number;
    };
    this.lambda.set(s.lambda);
    this.prevMultiplierGrad.set(s.prevMultiplierGrad.map((g) => g ?? Number.NaN));
    this.hasPrevGrads = s.hasPrevGrads;
    this.costRows = Float64Array.from(s.costRows);
    this.episodeCost = Float64Array.from(s.episodeCost);
    this.episodeDiscount = Float64Array.from(s.episodeDiscount);
    this.endedCost.set(s.endedCost);
    this.endedCount = s.endedCount;
    for (const c of this.costCritics) c.net.changed();
  }

  private lagrangianParts(): Parameters<typeof saveNetCheckpoint>[1] {
    return {
      nets: Object.fromEntries(this.costCritics.map((c, i) => [`cost${i}`, c.net])),
      variables: Object.fromEntries(this.prevGrads.map((v, j) => [`prevGrad${j}`, v])),
      optimizers: Object.fromEntries(this.costCritics.map((c, i) => [`cost${i}`, c.optimizer as NonNullable<ValueNet['optimizer']>])),
    };
  }

  override dispose(): void {
    super.dispose();
    for (const c of this.costCritics) c.dispose();
    for (const v of this.prevGrads) v.dispose();
  }
}

/** The JSON file beside the actor-critic's checkpoint that holds the Lagrangian state. */
const LAGRANGIAN_FILE = 'lagrangian.json';
