import type { Env } from '../../core/env.js';
import { InvalidArgumentError, describeValue } from '../../core/errors.js';
import { Box, type Space } from '../../core/spaces/index.js';
import { envName } from '../env-name.js';
import { ObservationWrapper } from './wrapper.js';

/** The sizes of the one-hot blocks of a Discrete (one block) or MultiDiscrete (one per entry) space, with offsets. */
function blocksOf(space: Space<unknown>, who: string): { sizes: number[]; starts: number[] } {
  // By kind, not instanceof: an env module may bring its own copy of the space classes.
  const json = space.toJSON();
  if (json.type === 'Discrete') return { sizes: [json['n'] as number], starts: [json['start'] as number] };
  if (json.type === 'MultiDiscrete') {
    const nvec = json['nvec'] as number[];
    return { sizes: nvec, starts: nvec.map(() => 0) };
  }
  throw new InvalidArgumentError(`${who}: needs a Discrete or MultiDiscrete observation space, got ${String(space)}`);
}

/** Whether a space is Discrete or MultiDiscrete, so `OneHotObservation` can encode it. */
export function isDiscreteSpace(space: Space<unknown>): boolean {
  const type = space.toJSON().type;
  return type === 'Discrete' || type === 'MultiDiscrete';
}

/**
 * Encodes a Discrete observation as a one-hot `Float32Array` (a MultiDiscrete one as its entries' one-hots side by
 * side) in `Box(0, 1, (sum of sizes,))`, as Stable-Baselines3 preprocesses discrete observations for its networks.
 * The output array is reused on every call.
 */
export class OneHotObservation<Act> extends ObservationWrapper<Float32Array, Act, unknown> {
  private readonly space: Box;
  private readonly sizes: number[];
  private readonly starts: number[];
  private readonly out: Float32Array;
  private readonly who: string;

  constructor(env: Env<unknown, Act>) {
    super(env);
    this.who = `OneHotObservation(${envName(env)})`;
    ({ sizes: this.sizes, starts: this.starts } = blocksOf(env.observationSpace, this.who));
    const total = this.sizes.reduce((a, b) => a + b, 0);
    this.space = new Box(0, 1, [total]);
    this.out = new Float32Array(total);
  }

  override get observationSpace(): Box {
    return this.space;
  }

  observation(obs: unknown): Float32Array {
    const values = typeof obs === 'number' ? [obs] : (obs as ArrayLike<number>);
    if (values === null || typeof values !== 'object' || values.length !== this.sizes.length) {
      throw new InvalidArgumentError(`${this.who}: observation ${describeValue(obs)} is not in ${String(this.env.observationSpace)}`);
    }
    this.out.fill(0);
    let offset = 0;
    for (let i = 0; i < this.sizes.length; i++) {
      const size = this.sizes[i] as number;
      const k = (values[i] as number) - (this.starts[i] as number);
      if (!Number.isInteger(k) || k < 0 || k >= size) throw new InvalidArgumentError(`${this.who}: observation ${describeValue(obs)} is not in ${String(this.env.observationSpace)}`);
      this.out[offset + k] = 1;
      offset += size;
    }
    return this.out;
  }
}
