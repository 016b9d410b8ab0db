import { InvalidArgumentError, describeValue } from '../core/errors.js';
import { ecrmOptimum, ecrmValue, type EcrmMDP } from '../envs/risk/ecrm-mdp.js';
import { directPolicyGradient, softmaxPolicy, softmaxPolicyGradient } from '../envs/tabular/exact-gradient.js';
import { TabularMDP } from '../envs/tabular/mdp.js';
import { DirectPolicy, TabularSoftmaxPolicy } from './tabular-policy.js';

/** Options of `exactEcrmPg`. */
export interface ExactEcrmPgOptions {
  /** `'direct'`: π itself, projected onto the simplex after each step; `'softmax'`: logits θ. */
  readonly parameterisation: 'direct' | 'softmax';
  /** Iterations of gradient descent on the ECRM cost. */
  readonly iterations: number;
  /** Step size η (> 0). */
  readonly stepSize: number;
  /**
   * The start distribution ρ the gradient is taken at: `'uniform'` (default) over the augmented states, the
   * exploratory ρ > 0 that global-convergence theorems for policy gradient assume (Agarwal et al. 2021; Mei et
   * al. 2020), or `'mu0'`, the ECRM's own start (then states that the policy rarely reaches learn slowly, and softmax
   * can stall on a plateau). The gap is always measured at μ0.
   */
  readonly rho?: 'uniform' | 'mu0';
}

/** What `exactEcrmPg` returns (costs in the ECRM convention: lower is better). */
export interface ExactEcrmPgResult {
  /** The final augmented policy table. */
  readonly policy: Float64Array;
  /** The optimal ECRM cost from dynamic programming on the augmented MDP. */
  readonly optimalValue: number;
  /** ECRM cost of π_t minus the optimum, before each iteration t and after the last (length iterations + 1). */
  readonly gaps: Float64Array;
}

/** The augmented MDP started from ρ uniform over its states. */
function exploratory(m: TabularMDP): TabularMDP {
  return new TabularMDP({ S: m.S, A: m.A, P: m.P, R: m.R, gamma: m.gamma, terminal: m.terminal, mu0: new Float64Array(m.S).fill(1 / m.S), name: `${m.name} from uniform rho` });
}

/**
 * Risk-averse policy gradient with exact gradients (Yu & Ying, ICML 2023, §4): gradient descent on the ECRM cost of
 * the augmented MDP, i.e. ascent on its reward −cost. Direct: π ← Proj_Δ(π + η ∂J/∂π), ∂J/∂π(a|s) =
 * d(s)Q(s,a)/(1−γ); softmax: θ ← θ + η ∂J/∂θ, ∂J/∂θ = d(s)π(a|s)A(s,a)/(1−γ) (Agarwal et al. 2021, eqs. 5 and
 * Lemma C.1 on the augmented MDP). Both converge globally to the optimal ECRM value (the paper's global convergence
 * results for the constrained direct and the softmax parameterisation).
 */
export function exactEcrmPg(e: EcrmMDP, opts: ExactEcrmPgOptions): ExactEcrmPgResult {
  if (opts.parameterisation !== 'direct' && opts.parameterisation !== 'softmax') {
    throw new InvalidArgumentError(`exactEcrmPg: parameterisation must be 'direct' or 'softmax', got ${describeValue(opts.parameterisation)}`);
  }
  if (!(opts.stepSize > 0) || !Number.isFinite(opts.stepSize)) throw new InvalidArgumentError(`exactEcrmPg: stepSize must be a finite number > 0, got ${describeValue(opts.stepSize)}`);
  if (!Number.isInteger(opts.iterations) || opts.iterations < 0) throw new InvalidArgumentError(`exactEcrmPg: iterations must be an integer >= 0, got ${describeValue(opts.iterations)}`);
  const rho = opts.rho ?? 'uniform';
  if (rho !== 'uniform' && rho !== 'mu0') throw new InvalidArgumentError(`exactEcrmPg: rho must be 'uniform' or 'mu0', got ${describeValue(rho)}`);
  const train = rho === 'uniform' ? exploratory(e.mdp) : e.mdp;
  const { S, A } = train;
  const optimalValue = ecrmOptimum(e).value;
  const gaps = new Float64Array(opts.iterations + 1);
  const direct = opts.parameterisation === 'direct' ? new DirectPolicy(S, A) : undefined;
  const soft = direct ? undefined : new TabularSoftmaxPolicy(S, A);
  const table = () => (direct ? direct.pi : softmaxPolicy((soft as TabularSoftmaxPolicy).theta, S, A));
  for (let t = 0; t <= opts.iterations; t++) {
    gaps[t] = ecrmValue(e, table()) - optimalValue;
    if (t === opts.iterations) break;
    if (direct) {
      direct.step(directPolicyGradient(train, direct.pi).grad, opts.stepSize);
    } else {
      const { theta } = soft as TabularSoftmaxPolicy;
      const g = softmaxPolicyGradient(train, theta).grad;
      for (let i = 0; i < theta.length; i++) theta[i] = (theta[i] as number) + opts.stepSize * (g[i] as number);
    }
  }
  return { policy: table(), optimalValue, gaps };
}
