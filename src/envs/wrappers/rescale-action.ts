import type { Env } from '../../core/env.js';
import { InvalidArgumentError, describeValue } from '../../core/errors.js';
import { Box, type Bounds } from '../../core/spaces/index.js';
import { envName } from '../env-name.js';
import { requireBox } from './require-box.js';
import { ActionWrapper } from './wrapper.js';

/**
 * Lets the agent act in `[minAction, maxAction]` and maps each action affinely onto the inner env's bounded Box
 * (Gymnasium's `RescaleAction`, e.g. a policy's [-1, 1] onto Pendulum's [-2, 2]). An action outside
 * `[minAction, maxAction]` throws rather than being clipped; the result is clipped only against float rounding.
 */
export class RescaleAction<Obs> extends ActionWrapper<Obs, ArrayLike<number>, Float32Array> {
  private readonly inner: Box;
  private readonly space: Box;
  private readonly gradient: Float64Array;
  private readonly intercept: Float64Array;
  private readonly out: Float32Array;

  constructor(env: Env<Obs, Float32Array>, minAction: Bounds, maxAction: Bounds) {
    super(env);
    const who = `RescaleAction(${envName(env)})`;
    this.inner = requireBox(env.actionSpace, who, 'action');
    if (!this.inner.isBounded()) throw new InvalidArgumentError(`${who}: the action space ${this.inner.toString()} must be bounded`);
    this.space = new Box(minAction, maxAction, this.inner.shape);
    const n = this.inner.size;
    this.gradient = new Float64Array(n);
    this.intercept = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const lo = this.space.low[i] as number;
      const hi = this.space.high[i] as number;
      if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) {
        throw new InvalidArgumentError(`${who}: need finite minAction < maxAction at entry ${i}, got ${lo} and ${hi}`);
      }
      this.gradient[i] = ((this.inner.high[i] as number) - (this.inner.low[i] as number)) / (hi - lo);
      this.intercept[i] = (this.inner.low[i] as number) - (this.gradient[i] as number) * lo;
    }
    this.out = new Float32Array(n);
  }

  override get actionSpace(): Box {
    return this.space;
  }

  action(action: ArrayLike<number>): Float32Array {
    if (!this.space.contains(action)) {
      throw new InvalidArgumentError(`RescaleAction(${envName(this)}): action ${describeValue(action)} is not in ${this.space.toString()}`);
    }
    const { low, high } = this.inner;
    for (let i = 0; i < this.out.length; i++) {
      const a = (this.gradient[i] as number) * (action[i] as number) + (this.intercept[i] as number);
      this.out[i] = Math.min(Math.max(a, low[i] as number), high[i] as number);
    }
    return this.out;
  }
}
