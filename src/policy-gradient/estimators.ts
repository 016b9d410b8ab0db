import { InvalidArgumentError } from '../core/errors.js';
import { checkUnit, discountedReturns, episodeIndex, episodeReturns, stepsInEpisode } from './returns.js';

/**
 * Per-step weights w_t of the REINFORCE estimator ĝ = (1/N) Σ_τ Σ_t w_t ∇log π(a_t|s_t) (Williams 1992): every step
 * of an episode gets the episode's whole discounted return R(τ) = Σ_t γ^t r_t. `ends` must close the last row.
 */
export function reinforceWeights(rewards: ArrayLike<number>, ends: ArrayLike<number>, gamma: number): Float64Array {
  checkUnit('gamma', gamma);
  checkComplete(ends);
  const totals = episodeReturns(rewards, ends, gamma);
  return Float64Array.from(episodeIndex(ends), (e) => totals[e] as number);
}

/**
 * Per-step weights of the GPOMDP estimator (Baxter & Bartlett 2001): w_t = γ^t (G_t − b_t), the discounted
 * return-to-go, since a reward cannot depend on later actions. `baseline` b_t (optional) leaves it unbiased when it
 * does not depend on a_t.
 */
export function gpomdpWeights(
  rewards: ArrayLike<number>,
  ends: ArrayLike<number>,
  gamma: number,
  baseline?: ArrayLike<number>,
): Float64Array {
  checkComplete(ends);
  const g = discountedReturns(rewards, ends, gamma);
  const k = stepsInEpisode(ends);
  for (let t = 0; t < g.length; t++) {
    g[t] = Math.pow(gamma, k[t] as number) * ((g[t] as number) - (baseline ? (baseline[t] as number) : 0));
  }
  return g;
}

/**
 * The policy-gradient estimate (1/N) Σ_t w_t s_t from per-step scores s_t = ∇_θ log π(a_t|s_t) stored row-major
 * (`weights.length` rows of `dim`), for N episodes. Used with analytic scores (tabular, linear policies).
 */
export function scoreFunctionGradient(
  scores: ArrayLike<number>,
  weights: ArrayLike<number>,
  dim: number,
  numEpisodes: number,
): Float64Array {
  if (scores.length !== weights.length * dim) {
    throw new InvalidArgumentError(`scores: length must be weights.length × dim = ${weights.length * dim}, got ${scores.length}`);
  }
  if (!(numEpisodes >= 1)) throw new InvalidArgumentError(`numEpisodes must be ≥ 1, got ${numEpisodes}`);
  const g = new Float64Array(dim);
  for (let t = 0; t < weights.length; t++) {
    const w = (weights[t] as number) / numEpisodes;
    for (let j = 0; j < dim; j++) g[j] = (g[j] as number) + w * (scores[t * dim + j] as number);
  }
  return g;
}

/** A scalar baseline: the exponential moving average of the returns it has seen (b = 0 before the first). */
export class RunningMeanBaseline {
  private mean = 0;
  private seen = false;

  /** `decay` is the weight kept by the old mean on each update, in [0, 1). */
  constructor(readonly decay = 0.9) {
    if (!(decay >= 0 && decay < 1)) throw new InvalidArgumentError(`decay must be in [0, 1), got ${decay}`);
  }

  /** The current baseline value. */
  get value(): number {
    return this.mean;
  }

  /** Folds in the mean of a batch of returns. */
  update(returns: ArrayLike<number>): void {
    if (returns.length === 0) return;
    let s = 0;
    for (let i = 0; i < returns.length; i++) s += returns[i] as number;
    const m = s / returns.length;
    this.mean = this.seen ? this.decay * this.mean + (1 - this.decay) * m : m;
    this.seen = true;
  }

  /** The mean and whether any batch was seen, for checkpoints. */
  getState(): { mean: number; seen: boolean } {
    return { mean: this.mean, seen: this.seen };
  }

  /** Continues from a state taken by `getState`. */
  setState(state: { mean: number; seen: boolean }): void {
    this.mean = state.mean;
    this.seen = state.seen;
  }
}

/** Standardizes values to mean 0 and standard deviation 1 in place (a common variance-reduction step); returns it. */
export function standardize(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < 2) return values;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i] as number;
  mean /= n;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += ((values[i] as number) - mean) ** 2;
  const std = Math.sqrt(sq / n) + 1e-8;
  for (let i = 0; i < n; i++) values[i] = ((values[i] as number) - mean) / std;
  return values;
}

function checkComplete(ends: ArrayLike<number>): void {
  if (ends.length > 0 && !ends[ends.length - 1]) {
    throw new InvalidArgumentError('ends: the last row must close an episode (Monte-Carlo estimators need complete episodes)');
  }
}
