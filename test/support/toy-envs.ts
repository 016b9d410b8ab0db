import type { Env, EnvSpec, Info, ResetOptions, ResetResult, StepResult } from '../../src/core/env.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { Box, Discrete, type Space } from '../../src/core/spaces/index.js';

type Slot<Obs> = { -readonly [K in keyof StepResult<Obs>]: StepResult<Obs>[K] };

/**
 * Ends (terminated) after `k` steps. Observation [steps left, a seeded uniform draw made at reset]; reward is
 * `action + 1`. Like the real envs it reuses its observation array and result object and checks its actions.
 * It does not police call order itself: that is OrderEnforcing's job in these tests.
 */
export class CountdownEnv implements Env<Float32Array, number> {
  readonly observationSpace = new Box(0, 1000, [2]);
  readonly actionSpace = new Discrete(2);
  readonly metadata = {};
  spec: EnvSpec | undefined = undefined;
  readonly k: number;
  resets = 0;
  private rng = new Rng('countdown');
  private left = 0;
  private readonly obs = new Float32Array(2);
  private readonly info: Info = Object.freeze({ frozen: true });
  private readonly slot: Slot<Float32Array> = { observation: this.obs, reward: 0, terminated: false, truncated: false, info: this.info };

  constructor(kwargs: Readonly<Record<string, unknown>> = {}) {
    for (const key of Object.keys(kwargs)) if (key !== 'k') throw new InvalidArgumentError(`Countdown: unknown kwarg "${key}"; allowed kwargs: k`);
    this.k = (kwargs.k as number | undefined) ?? 3;
  }

  get unwrapped(): this {
    return this;
  }

  reset(opts: ResetOptions = {}): ResetResult<Float32Array> {
    if (opts.seed !== undefined) this.rng = new Rng(opts.seed);
    this.resets++;
    this.left = this.k;
    this.obs[0] = this.left;
    this.obs[1] = this.rng.random();
    return { observation: this.obs, info: this.info };
  }

  step(action: number): StepResult<Float32Array> {
    if (!this.actionSpace.contains(action)) throw new InvalidArgumentError(`Countdown: action ${action} is not in Discrete(2)`);
    this.left--;
    this.obs[0] = this.left;
    this.slot.reward = action + 1;
    this.slot.terminated = this.left <= 0;
    return this.slot;
  }

  close(): void {}
}

/** A continuous-action env: the observation is a copy of the last action it received; reward is their sum. */
export class EchoActionEnv implements Env<Float32Array, Float32Array> {
  readonly observationSpace: Box;
  readonly actionSpace: Box;
  readonly metadata = {};
  spec: EnvSpec | undefined = undefined;
  /** The actions this env received, copied. */
  readonly received: number[][] = [];
  private readonly obs: Float32Array;

  constructor(low: number | number[] = -2, high: number | number[] = 2, size = 2) {
    this.actionSpace = new Box(low, high, [size]);
    this.observationSpace = new Box(-Infinity, Infinity, [size]);
    this.obs = new Float32Array(size);
  }

  get unwrapped(): this {
    return this;
  }

  reset(): ResetResult<Float32Array> {
    this.obs.fill(0);
    return { observation: this.obs, info: {} };
  }

  step(action: Float32Array): StepResult<Float32Array> {
    if (!this.actionSpace.contains(action)) throw new InvalidArgumentError(`EchoAction: action [${Array.from(action).join(', ')}] is not in ${this.actionSpace.toString()}`);
    this.received.push(Array.from(action));
    this.obs.set(action);
    return { observation: this.obs, reward: action.reduce((a, b) => a + b, 0), terminated: false, truncated: false, info: {} };
  }

  close(): void {}
}

/** An env with a Discrete observation (its position on a line of 5 cells) that ends at either end. */
export class LineEnv implements Env<number, number> {
  readonly observationSpace: Space<number> = new Discrete(5);
  readonly actionSpace = new Discrete(2);
  readonly metadata = {};
  spec: EnvSpec | undefined = undefined;
  private pos = 2;

  get unwrapped(): this {
    return this;
  }

  reset(): ResetResult<number> {
    this.pos = 2;
    return { observation: this.pos, info: {} };
  }

  step(action: number): StepResult<number> {
    this.pos += action === 1 ? 1 : -1;
    return { observation: this.pos, reward: this.pos === 4 ? 1 : 0, terminated: this.pos === 0 || this.pos === 4, truncated: false, info: {} };
  }

  close(): void {}
}
