import { InvalidArgumentError, describeValue } from '../core/errors.js';
import { dot, valueIteration } from '../envs/tabular/exact.js';
import { softmaxPolicyGradient } from '../envs/tabular/exact-gradient.js';
import type { TabularMDP } from '../envs/tabular/mdp.js';

/** Options of `exactSoftmaxPg`. */
export interface ExactPgOptions {
  /** Iterations of gradient ascent. */
  readonly iterations: number;
  /** Step size η; default (1−γ)³/8, the one of Mei et al. (2020, Thm. 4) that guarantees the O(1/t) rate. */
  readonly stepSize?: number;
  /** Initial logits θ_0 (S×A); default 0 (uniform policy). */
  readonly theta0?: ArrayLike<number>;
  /** Stop once V* − V^{π_t} falls below this; default 0 (run all iterations). */
  readonly tolerance?: number;
}

/** What `exactSoftmaxPg` returns. */
export interface ExactPgResult {
  readonly theta: Float64Array;
  /** μ0ᵀV* of the MDP. */
  readonly optimalValue: number;
  /** The suboptimality gap μ0ᵀ(V* − V^{π_t}) before each iteration t (and after the last). */
  readonly gaps: Float64Array;
}

/**
 * Softmax policy gradient with exact gradients on a tabular MDP: θ_{t+1} = θ_t + η ∂J/∂θ(θ_t) (Agarwal et al. 2021,
 * eq. 11), whose suboptimality falls as O(1/t) (Mei et al. 2020, Thm. 4).
 */
export function exactSoftmaxPg(mdp: TabularMDP, opts: ExactPgOptions): ExactPgResult {
  const { S, A, gamma } = mdp;
  const eta = opts.stepSize ?? (1 - gamma) ** 3 / 8;
  if (!(eta > 0)) throw new InvalidArgumentError(`stepSize must be > 0, got ${describeValue(eta)}`);
  if (!(Number.isInteger(opts.iterations) && opts.iterations >= 0)) {
    throw new InvalidArgumentError(`iterations must be a non-negative integer, got ${describeValue(opts.iterations)}`);
  }
  const theta = opts.theta0 ? Float64Array.from(opts.theta0) : new Float64Array(S * A);
  if (theta.length !== S * A) throw new InvalidArgumentError(`theta0: length must be S×A = ${S * A}, got ${theta.length}`);
  const optimalValue = dot(mdp.mu0, valueIteration(mdp, { tolerance: 1e-12 }).V);
  const gaps: number[] = [];
  for (let t = 0; ; t++) {
    const pg = softmaxPolicyGradient(mdp, theta);
    const gap = optimalValue - pg.value;
    gaps.push(gap);
    if (t >= opts.iterations || gap < (opts.tolerance ?? 0)) break;
    for (let i = 0; i < theta.length; i++) theta[i] = (theta[i] as number) + eta * (pg.grad[i] as number);
  }
  return { theta, optimalValue, gaps: Float64Array.from(gaps) };
}
