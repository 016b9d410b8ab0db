import { InvalidArgumentError, describeValue } from '../../core/errors.js';

/** The saved statistics of a `RunningMeanStd`: plain JSON, for a checkpoint or to freeze evaluation stats. */
export interface RunningMeanStdState {
  readonly mean: readonly number[];
  readonly var: readonly number[];
  readonly count: number;
}

/**
 * Running mean and variance of a stream of vectors, entrywise (Gymnasium's `RunningMeanStd`): starts at mean 0,
 * variance 1 and a pseudo-count `epsilon`, so the first samples do not divide by zero.
 */
export class RunningMeanStd {
  readonly mean: Float64Array;
  readonly var: Float64Array;
  count: number;

  constructor(
    readonly size: number,
    epsilon = 1e-4,
  ) {
    if (!Number.isSafeInteger(size) || size < 1) throw new InvalidArgumentError(`RunningMeanStd: size is ${describeValue(size)}, must be a positive integer`);
    this.mean = new Float64Array(size);
    this.var = new Float64Array(size).fill(1);
    this.count = epsilon;
  }

  /** Folds one sample (a number when `size` is 1) into the statistics. */
  update(x: number | ArrayLike<number>): void {
    const total = this.count + 1;
    for (let i = 0; i < this.size; i++) {
      const delta = (typeof x === 'number' ? x : (x[i] as number)) - (this.mean[i] as number);
      // Chan, Golub & LeVeque's pairwise merge with a batch of one sample (batch variance 0).
      this.mean[i] = (this.mean[i] as number) + delta / total;
      this.var[i] = ((this.var[i] as number) * this.count + (delta * delta * this.count) / total) / total;
    }
    this.count = total;
  }

  /** The statistics as JSON. */
  getState(): RunningMeanStdState {
    return { mean: Array.from(this.mean), var: Array.from(this.var), count: this.count };
  }

  /** Restores statistics taken by `getState` (from a run with the same observation size). */
  setState(state: RunningMeanStdState): void {
    if (state.mean.length !== this.size || state.var.length !== this.size) {
      throw new InvalidArgumentError(
        `RunningMeanStd: state has ${state.mean.length} means and ${state.var.length} variances, must have ${this.size} of each`,
      );
    }
    if (!(state.count > 0) || !Number.isFinite(state.count)) {
      throw new InvalidArgumentError(`RunningMeanStd: state count is ${describeValue(state.count)}, must be a positive finite number`);
    }
    this.mean.set(state.mean);
    this.var.set(state.var);
    this.count = state.count;
  }
}
