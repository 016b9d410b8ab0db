import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ActOptions, BatchTransition, StepStats, Transition, VectorAgent } from '../../src/core/agent.js';
import type { Env, EnvSpec, ResetOptions, ResetResult, StepResult } from '../../src/core/env.js';
import { Rng, type RngState } from '../../src/core/rng.js';
import { Box, Discrete } from '../../src/core/spaces/index.js';

/**
 * A tiny random-walk env for runner tests: position 0..len, action 1 moves right, 0 left, with a 20% slip drawn from
 * the env's seeded stream; reward 1 at the right end (terminal), a small noisy cost otherwise; truncated after
 * `limit` steps. Reuses its observation array, as fast envs do.
 */
export class WalkEnv implements Env<Float32Array, number> {
  readonly observationSpace = new Box(0, 1, [2]);
  readonly actionSpace = new Discrete(2);
  spec: EnvSpec | undefined = { id: 'Walk-v0', maxEpisodeSteps: 20, rewardThreshold: 0.5, kwargs: {} };
  readonly metadata = {};
  readonly unwrapped: Env<unknown, unknown> = this as Env<unknown, unknown>;
  private rng = new Rng(0);
  private pos = 0;
  private t = 0;
  private readonly obs = new Float32Array(2);

  constructor(
    private readonly len = 5,
    private readonly limit = 20,
  ) {}

  reset(opts: ResetOptions = {}): ResetResult<Float32Array> {
    if (opts.seed !== undefined) this.rng = new Rng(opts.seed);
    this.pos = this.rng.integer(0, 2);
    this.t = 0;
    return { observation: this.fill(), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    const slip = this.rng.random() < 0.2;
    this.pos = Math.max(0, this.pos + ((action === 1) !== slip ? 1 : -1));
    this.t += 1;
    const terminated = this.pos >= this.len;
    const reward = terminated ? 1 : -0.01 * this.rng.random();
    return { observation: this.fill(), reward, terminated, truncated: !terminated && this.t >= this.limit, info: {} };
  }

  close(): void {}

  private fill(): Float32Array {
    this.obs[0] = this.pos / this.len;
    this.obs[1] = this.t / this.limit;
    return this.obs;
  }
}

interface TinyState {
  w: number[];
  rng: RngState;
  steps: number;
}

/**
 * A tiny learner for runner tests: linear action preferences on the observation, ε-greedy with its own seeded
 * stream, a TD-like update on every transition. Saves and loads all of its state, so resuming is exact.
 */
export class TinyAgent implements VectorAgent {
  private w = new Float64Array(6);
  private rng: Rng;
  private steps = 0;
  saves = 0;

  constructor(seed: number) {
    this.rng = new Rng(seed);
  }

  get epsilon(): number {
    return Math.max(0.05, 1 - this.steps / 200);
  }

  private q(obs: ArrayLike<number>, off: number, a: number): number {
    return (this.w[a * 3] as number) * (obs[off] as number) + (this.w[a * 3 + 1] as number) * (obs[off + 1] as number) + (this.w[a * 3 + 2] as number);
  }

  private choose(obs: ArrayLike<number>, off: number, explore: boolean): number {
    if (explore && this.rng.random() < this.epsilon) return this.rng.integer(0, 2);
    return this.q(obs, off, 1) >= this.q(obs, off, 0) ? 1 : 0;
  }

  act(obs: Float32Array, opts?: ActOptions): number {
    return this.choose(obs, 0, opts?.explore ?? true);
  }

  actBatch(obs: Float32Array, n: number, opts?: ActOptions): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.choose(obs, i * 2, opts?.explore ?? true);
    return out;
  }

  private learn(obs: ArrayLike<number>, off: number, a: number, r: number, next: ArrayLike<number>, terminated: boolean): number {
    const target = r + (terminated ? 0 : 0.9 * Math.max(this.q(next, off, 0), this.q(next, off, 1)));
    const err = target - this.q(obs, off, a);
    this.w[a * 3] = (this.w[a * 3] as number) + 0.1 * err * (obs[off] as number);
    this.w[a * 3 + 1] = (this.w[a * 3 + 1] as number) + 0.1 * err * (obs[off + 1] as number);
    this.w[a * 3 + 2] = (this.w[a * 3 + 2] as number) + 0.1 * err;
    this.steps += 1;
    return err * err;
  }

  observe(t: Transition<Float32Array, number | Float32Array>): StepStats {
    const loss = this.learn(t.obs, 0, t.action as number, t.reward, t.nextObs, t.terminated);
    return this.steps % 7 === 0 ? { loss, epsilon: this.epsilon } : { epsilon: this.epsilon };
  }

  observeBatch(b: BatchTransition): StepStats {
    let loss = 0;
    for (let i = 0; i < b.n; i++) if (b.valid[i]) loss += this.learn(b.obs, i * 2, b.actions[i] as number, b.rewards[i] as number, b.nextObs, b.terminated[i] === 1);
    return { loss, epsilon: this.epsilon };
  }

  async save(dir: string): Promise<void> {
    this.saves += 1;
    await mkdir(dir, { recursive: true });
    const s: TinyState = { w: Array.from(this.w), rng: this.rng.getState(), steps: this.steps };
    await writeFile(join(dir, 'tiny.json'), JSON.stringify(s));
  }

  async load(dir: string): Promise<void> {
    const s = JSON.parse(await readFile(join(dir, 'tiny.json'), 'utf8')) as TinyState;
    this.w = Float64Array.from(s.w);
    this.rng = Rng.fromState(s.rng);
    this.steps = s.steps;
  }
}
