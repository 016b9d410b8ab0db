import { checkInteger } from '../../core/checks.js';
import { InvalidArgumentError, describeValue } from '../../core/errors.js';
import { hedgeStep } from '../dynamics/hedge.js';
import { optimisticHedgeStep } from '../dynamics/optimistic-mwu.js';
import { type PreferenceMatrix, checkPolicy, winRates } from './preference-matrix.js';

/** Options of `runExactSppo`. */
export interface ExactSppoOptions {
  /** Step size η > 0. */
  readonly eta: number;
  /** Number of updates T ≥ 1. */
  readonly iterations: number;
  /** Use optimistic Hedge (2·P(y ≻ π_t) − P(y ≻ π_{t−1})) in place of the plain update (default false). */
  readonly optimistic?: boolean;
  /** π_0 (default uniform); must put mass on every response that should ever get some. */
  readonly init?: ArrayLike<number>;
  /** Called after each update t = 1..T with π_t and the running average (1/t)·Σ_{s≤t} π_s (copy them to keep them). */
  readonly observe?: (t: number, last: Float64Array, average: Float64Array) => void;
}

/** The last iterate π_T and the average π̄_T = (1/T)·Σ_{t=1}^T π_t of exact SPPO. */
export interface ExactSppoResult {
  readonly last: Float64Array;
  readonly average: Float64Array;
}

/**
 * One exact SPPO update π_{t+1}(y) ∝ π_t(y)·exp(η·P(y ≻ π_t)) (Wu et al. 2024, §3.1: Hedge on the win rates); given
 * the previous win rates P(y ≻ π_{t−1}), the optimistic update with 2·P(y ≻ π_t) − P(y ≻ π_{t−1}) instead.
 */
export function sppoStep(P: PreferenceMatrix, pi: ArrayLike<number>, eta: number, previousWinRates?: ArrayLike<number>): Float64Array {
  const gains = winRates(P, pi);
  return previousWinRates === undefined ? hedgeStep(pi, gains, eta) : optimisticHedgeStep(pi, gains, previousWinRates, eta);
}

/**
 * Exact SPPO on a finite preference game: T updates from π_0, plain or optimistic. The average converges to a
 * minimax winner at O(1/√T) with η ~ 1/√T (Wu et al. 2024, Theorem 4.1); the optimistic last iterate converges too.
 */
export function runExactSppo(P: PreferenceMatrix, opts: ExactSppoOptions): ExactSppoResult {
  if (!(opts.eta > 0) || !Number.isFinite(opts.eta)) throw new InvalidArgumentError(`runExactSppo: eta must be a finite number > 0, got ${describeValue(opts.eta)}`);
  checkInteger('runExactSppo: iterations', opts.iterations, 1);
  const n = P.size;
  let pi: Float64Array = opts.init === undefined ? new Float64Array(n).fill(1 / n) : Float64Array.from(opts.init);
  checkPolicy('runExactSppo: init', P, pi);
  let previous = winRates(P, pi);
  const average = new Float64Array(n);
  for (let t = 1; t <= opts.iterations; t++) {
    const gains = winRates(P, pi);
    pi = sppoStep(P, pi, opts.eta, opts.optimistic ? previous : undefined);
    previous = gains;
    for (let i = 0; i < n; i++) average[i]! += (pi[i]! - average[i]!) / t;
    opts.observe?.(t, pi, average);
  }
  return { last: pi, average };
}
