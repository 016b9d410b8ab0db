import type { Env, EnvSnapshot, StepResult } from '../../core/env.js';
import { RunningMeanStd, type RunningMeanStdState } from './running-mean-std.js';
import { Wrapper, fillStep, stepSlot } from './wrapper.js';

/** Options of `NormalizeReward`. */
export interface NormalizeRewardOptions {
  /** The discount of the running return whose variance is tracked (default 0.99). */
  readonly gamma?: number;
  /** Added to the variance before the square root (default 1e-8). */
  readonly epsilon?: number;
}

/**
 * Scales rewards so that the exponential moving average of the discounted return has roughly fixed variance
 * (Gymnasium's `NormalizeReward`): `reward / sqrt(var(G) + epsilon)` with `G <- gamma * G * (1 - terminated) +
 * reward`, no mean subtracted. Set `updateRunningMean = false` to freeze the statistics; save and restore them
 * with `returnRms.getState()` / `returnRms.setState()`.
 */
export class NormalizeReward<Obs, Act> extends Wrapper<Obs, Act> {
  readonly returnRms = new RunningMeanStd(1);
  readonly gamma: number;
  readonly epsilon: number;
  /** Whether rewards still update the statistics. */
  updateRunningMean = true;
  /** The running discounted return G. */
  discountedReward = 0;
  private readonly slot = stepSlot<Obs>();

  constructor(env: Env<Obs, Act>, options: NormalizeRewardOptions = {}) {
    super(env);
    this.gamma = options.gamma ?? 0.99;
    this.epsilon = options.epsilon ?? 1e-8;
  }

  override snapshot(): EnvSnapshot {
    return { ...super.snapshot(), returnRms: this.returnRms.getState(), discountedReward: this.discountedReward, updateRunningMean: this.updateRunningMean };
  }

  override restore(snapshot: EnvSnapshot): void {
    super.restore(snapshot);
    this.returnRms.setState(snapshot.returnRms as RunningMeanStdState);
    this.discountedReward = snapshot.discountedReward as number;
    this.updateRunningMean = snapshot.updateRunningMean as boolean;
  }

  override step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    // Like Gymnasium, only termination (not truncation) cuts the running return.
    this.discountedReward = this.discountedReward * this.gamma * (r.terminated ? 0 : 1) + r.reward;
    if (this.updateRunningMean) this.returnRms.update(this.discountedReward);
    return fillStep(this.slot, r, r.observation, r.reward / Math.sqrt((this.returnRms.var[0] as number) + this.epsilon));
  }
}
