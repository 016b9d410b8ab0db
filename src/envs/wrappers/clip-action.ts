import type { Env } from '../../core/env.js';
import { InvalidArgumentError, describeValue } from '../../core/errors.js';
import { Box } from '../../core/spaces/index.js';
import { envName } from '../env-name.js';
import { requireBox } from './require-box.js';
import { ActionWrapper } from './wrapper.js';

/**
 * Clips each continuous action into the inner env's Box bounds (Gymnasium's `ClipAction`); outside, any finite
 * action of the right length is accepted. NaN passes through unclipped, so the inner env rejects it.
 */
export class ClipAction<Obs> extends ActionWrapper<Obs, ArrayLike<number>, Float32Array> {
  private readonly inner: Box;
  private readonly space: Box;
  private readonly out: Float32Array;

  constructor(env: Env<Obs, Float32Array>) {
    super(env);
    this.inner = requireBox(env.actionSpace, `ClipAction(${envName(env)})`, 'action');
    this.space = new Box(-Infinity, Infinity, this.inner.shape);
    this.out = new Float32Array(this.inner.size);
  }

  override get actionSpace(): Box {
    return this.space;
  }

  action(action: ArrayLike<number>): Float32Array {
    if (action.length !== this.out.length) {
      throw new InvalidArgumentError(`ClipAction(${envName(this)}): action ${describeValue(action)} has ${action.length} entries, must have ${this.out.length}`);
    }
    const { low, high } = this.inner;
    for (let i = 0; i < this.out.length; i++) {
      const a = action[i] as number;
      this.out[i] = a < (low[i] as number) ? (low[i] as number) : a > (high[i] as number) ? (high[i] as number) : a;
    }
    return this.out;
  }
}
