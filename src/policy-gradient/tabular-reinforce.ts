import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import type { ActOptions, Agent, StepStats, Transition } from '../core/agent.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { checkInteger } from '../core/checks.js';
import { InvalidArgumentError, describeValue } from '../core/errors.js';
import { Rng, type RngState } from '../core/rng.js';
import { TabularSoftmaxPolicy } from './tabular-policy.js';

/** Options of `TabularReinforceAgent`. */
export interface TabularReinforceOptions {
  readonly S: number;
  readonly A: number;
  /** Discount factor in [0, 1). */
  readonly gamma: number;
  /** Step size α > 0 of θ ← θ + α·ĝ; default 0.1. */
  readonly lr?: number;
  readonly seed: number;
}

/**
 * REINFORCE (Williams 1992) with a tabular softmax policy π_θ(a|s) ∝ exp θ[s, a]: at each episode's end,
 * θ ← θ + α Σ_t γ^t G_t ∇_θ log π_θ(a_t|s_t) with G_t = Σ_{k≥t} γ^{k−t} r_k (Sutton & Barto 2018, §13.3). Acts by
 * sampling (exploring) or by the most likely action (greedy). A small learner for tabular and multi-agent games.
 */
export class TabularReinforceAgent implements Agent<number, number> {
  readonly policy: TabularSoftmaxPolicy;
  readonly gamma: number;
  readonly lr: number;
  private rng: Rng;
  private episode: { s: number; a: number; r: number }[] = [];
  /** Updates (episodes) done. */
  updates = 0;

  constructor(opts: TabularReinforceOptions) {
    checkInteger('TabularReinforceAgent: S', opts.S, 1);
    checkInteger('TabularReinforceAgent: A', opts.A, 1);
    if (!(opts.gamma >= 0 && opts.gamma < 1)) throw new InvalidArgumentError(`TabularReinforceAgent: gamma must be in [0, 1), got ${describeValue(opts.gamma)}`);
    const lr = opts.lr ?? 0.1;
    if (!(lr > 0 && Number.isFinite(lr))) throw new InvalidArgumentError(`TabularReinforceAgent: lr must be a positive finite number, got ${describeValue(lr)}`);
    this.policy = new TabularSoftmaxPolicy(opts.S, opts.A);
    this.gamma = opts.gamma;
    this.lr = lr;
    this.rng = new Rng(opts.seed);
  }

  act(s: number, opts?: ActOptions): number {
    return opts?.explore === false ? this.policy.mode(s) : this.policy.sample(s, this.rng);
  }

  observe(t: Transition<number, number>): StepStats | void {
    this.episode.push({ s: t.obs, a: t.action, r: t.reward });
    if (t.terminated || t.truncated) return this.update();
  }

  /** The REINFORCE step on the stored episode, which it then clears. */
  private update(): StepStats {
    const { theta, numActions: A } = this.policy;
    const pi = this.policy.probs();
    const g = new Float64Array(theta.length);
    let G = 0;
    for (let t = this.episode.length - 1; t >= 0; t--) {
      const { s, a, r } = this.episode[t]!;
      G = r + this.gamma * G;
      const w = this.gamma ** t * G;
      for (let b = 0; b < A; b++) g[s * A + b]! -= w * (pi[s * A + b] as number);
      g[s * A + a]! += w;
    }
    for (let k = 0; k < theta.length; k++) theta[k]! += this.lr * (g[k] as number);
    const ret = this.episode.reduce((sum, e) => sum + e.r, 0);
    this.episode = [];
    this.updates++;
    return { episodeReturn: ret, updates: this.updates };
  }

  async save(dir: string): Promise<void> {
    const state = { kind: 'TabularReinforceAgent', theta: Array.from(this.policy.theta), rng: this.rng.getState(), updates: this.updates, episode: this.episode };
    await writeFileAtomic(join(dir, 'tabular-reinforce.json'), `${JSON.stringify(state)}\n`);
  }

  async load(dir: string): Promise<void> {
    const state = JSON.parse(await readFile(join(dir, 'tabular-reinforce.json'), 'utf8')) as { theta: number[]; rng: RngState; updates: number; episode: { s: number; a: number; r: number }[] };
    if (state.theta.length !== this.policy.theta.length) throw new InvalidArgumentError(`TabularReinforceAgent.load: saved θ has ${state.theta.length} entries, this agent ${this.policy.theta.length}`);
    this.policy.theta.set(state.theta);
    this.rng = Rng.fromState(state.rng);
    this.updates = state.updates;
    this.episode = state.episode;
  }
}
