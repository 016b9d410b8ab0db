import type { Env, EnvSnapshot } from '../../core/env.js';
import { Box } from '../../core/spaces/index.js';
import { envName } from '../env-name.js';
import { requireBox } from './require-box.js';
import { RunningMeanStd, type RunningMeanStdState } from './running-mean-std.js';
import { ObservationWrapper } from './wrapper.js';

/** Options of `NormalizeObservation`. */
export interface NormalizeObservationOptions {
  /** Added to the variance before the square root (default 1e-8). */
  readonly epsilon?: number;
}

/**
 * Normalizes each observation entrywise to roughly mean 0 and variance 1 with running statistics (Gymnasium's
 * `NormalizeObservation`): `(obs - mean) / sqrt(var + epsilon)`, statistics updated on every observation. Set
 * `updateRunningMean = false` to freeze them (evaluation); save and restore them with `obsRms.getState()` /
 * `obsRms.setState()`. The output array is reused on every call.
 */
export class NormalizeObservation<Act> extends ObservationWrapper<Float32Array, Act, Float32Array> {
  readonly obsRms: RunningMeanStd;
  readonly epsilon: number;
  /** Whether observations still update the statistics. */
  updateRunningMean = true;
  private readonly space: Box;
  private readonly out: Float32Array;

  constructor(env: Env<Float32Array, Act>, options: NormalizeObservationOptions = {}) {
    super(env);
    const inner = requireBox(env.observationSpace, `NormalizeObservation(${envName(env)})`, 'observation');
    this.space = new Box(-Infinity, Infinity, inner.shape);
    this.obsRms = new RunningMeanStd(inner.size);
    this.epsilon = options.epsilon ?? 1e-8;
    this.out = new Float32Array(inner.size);
  }

  override get observationSpace(): Box {
    return this.space;
  }

  override snapshot(): EnvSnapshot {
    return { ...super.snapshot(), obsRms: this.obsRms.getState(), updateRunningMean: this.updateRunningMean };
  }

  override restore(snapshot: EnvSnapshot): void {
    super.restore(snapshot);
    this.obsRms.setState(snapshot.obsRms as RunningMeanStdState);
    this.updateRunningMean = snapshot.updateRunningMean as boolean;
  }

  observation(obs: Float32Array): Float32Array {
    if (this.updateRunningMean) this.obsRms.update(obs);
    const { mean, var: variance } = this.obsRms;
    for (let i = 0; i < this.out.length; i++) {
      this.out[i] = ((obs[i] as number) - (mean[i] as number)) / Math.sqrt((variance[i] as number) + this.epsilon);
    }
    return this.out;
  }
}
