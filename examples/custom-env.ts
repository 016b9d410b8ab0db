/**
 * A custom environment, as a user of converge-rl writes one: a corridor of `length` cells; the agent starts in a
 * random cell of the left half and must walk to the right end.
 *
 * - Action space: `Discrete(2)`, 0 steps left, 1 steps right (the left wall stops it).
 * - Observation space: `Box(0, 1, (1,))`, the position as a fraction of the corridor.
 * - Reward: -0.1 per step, +1 on reaching the right end, which terminates the episode.
 * - Arguments: `{ length }` (an integer >= 2, default 10).
 *
 * Check it: `npx converge check examples/custom-env.ts`. Use it: import this file, then `make('Corridor-v0')`
 * (the `register` call below adds a 100-step time limit), or `new CorridorEnv({ length: 5 })`.
 */
import { Box, Discrete, InvalidArgumentError, Rng, describeValue } from '../src/core/index.js';
import type { Env, EnvSpec, ResetOptions, ResetResult, StepResult } from '../src/core/index.js';
import { register } from '../src/envs/index.js';

export default class CorridorEnv implements Env<Float32Array, number> {
  readonly observationSpace = new Box(0, 1, [1]);
  readonly actionSpace = new Discrete(2);
  readonly metadata = {};
  spec: EnvSpec | undefined = undefined;
  private readonly length: number;
  private rng = new Rng('corridor');
  private position = 0;

  constructor(kwargs: { length?: unknown } = {}) {
    const { length = 10, ...rest } = kwargs;
    const unknown = Object.keys(rest);
    if (unknown.length > 0) throw new InvalidArgumentError(`Corridor: unknown kwarg "${unknown[0]}"; allowed kwargs: length`);
    if (typeof length !== 'number' || !Number.isInteger(length) || length < 2) {
      throw new InvalidArgumentError(`Corridor: kwarg length is ${describeValue(length)}, must be an integer >= 2`);
    }
    this.length = length;
  }

  get unwrapped(): this {
    return this;
  }

  reset(opts: ResetOptions = {}): ResetResult<Float32Array> {
    if (opts.seed !== undefined) this.rng = new Rng(opts.seed);
    this.position = this.rng.integer(0, Math.ceil(this.length / 2));
    return { observation: this.observe(), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    if (!this.actionSpace.contains(action)) throw new InvalidArgumentError(`Corridor: action ${describeValue(action)} is not in Discrete(2)`);
    this.position = Math.max(0, this.position + (action === 1 ? 1 : -1));
    const done = this.position === this.length - 1;
    return { observation: this.observe(), reward: done ? 1 : -0.1, terminated: done, truncated: false, info: {} };
  }

  close(): void {}

  private observe(): Float32Array {
    return Float32Array.of(this.position / (this.length - 1));
  }
}

register('Corridor-v0', (kwargs) => new CorridorEnv(kwargs), { maxEpisodeSteps: 100 });
