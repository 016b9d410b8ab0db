import { InvalidArgumentError } from '../../core/errors.js';
import { dot, occupancyOfPolicyTable, qFromValues, valueOfPolicyTable } from './exact.js';
import type { TabularMDP } from './mdp.js';

/**
 * Exact policy gradients of J(π) = μ0ᵀ V^π on a `TabularMDP`, as pure functions on Float64Arrays (row-major
 * `[s*A + a]`), for the softmax and the direct parameterisation (Agarwal, Kakade, Lee & Mahajan 2021).
 */

/** J(π), the gradient and what it was computed from. */
export interface PolicyGradient {
  /** J = μ0ᵀ V^π. */
  readonly value: number;
  /** ∂J/∂θ (softmax) or ∂J/∂π (direct), `[s*A + a]`. */
  readonly grad: Float64Array;
  readonly policy: Float64Array;
  readonly V: Float64Array;
  readonly Q: Float64Array;
  /** The discounted occupancy d_μ0^π. */
  readonly occupancy: Float64Array;
}

/** π_θ(a|s) = exp θ[s,a] / Σ_b exp θ[s,b], computed stably (max subtracted per state). */
export function softmaxPolicy(theta: Float64Array, S: number, A: number): Float64Array {
  if (theta.length !== S * A) throw new InvalidArgumentError(`softmaxPolicy: theta must have S·A = ${S * A} entries, got ${theta.length}`);
  const pi = new Float64Array(S * A);
  for (let s = 0; s < S; s++) {
    let m = -Infinity;
    for (let a = 0; a < A; a++) m = Math.max(m, theta[s * A + a] as number);
    let z = 0;
    for (let a = 0; a < A; a++) z += pi[s * A + a] = Math.exp((theta[s * A + a] as number) - m);
    for (let a = 0; a < A; a++) pi[s * A + a] = (pi[s * A + a] as number) / z;
  }
  return pi;
}

/** V, Q and d of any policy table, the pieces every exact gradient is made of. */
function pieces(mdp: TabularMDP, pi: Float64Array): Omit<PolicyGradient, 'grad'> {
  const V = valueOfPolicyTable(mdp, pi);
  return { value: dot(mdp.mu0, V), policy: pi, V, Q: qFromValues(mdp, V), occupancy: occupancyOfPolicyTable(mdp, pi) };
}

/**
 * Gradient for the direct parameterisation: ∂J/∂π(a|s) = d(s) Q^π(s,a) / (1-γ) (Agarwal et al. 2021, eq. 5).
 * Valid for any table π (the unconstrained extension of J), as finite-difference checks need.
 */
export function directPolicyGradient(mdp: TabularMDP, pi: Float64Array): PolicyGradient {
  if (pi.length !== mdp.S * mdp.A) throw new InvalidArgumentError(`directPolicyGradient: pi must have S·A = ${mdp.S * mdp.A} entries, got ${pi.length}`);
  const p = pieces(mdp, pi);
  const { S, A, gamma } = mdp;
  const grad = new Float64Array(S * A);
  for (let s = 0; s < S; s++) {
    const w = (p.occupancy[s] as number) / (1 - gamma);
    for (let a = 0; a < A; a++) grad[s * A + a] = w * (p.Q[s * A + a] as number);
  }
  return { ...p, grad };
}

/** Gradient for the softmax parameterisation: ∂J/∂θ[s,a] = d(s) π(a|s) A^π(s,a) / (1-γ) (Agarwal et al. 2021, Lemma C.1). */
export function softmaxPolicyGradient(mdp: TabularMDP, theta: Float64Array): PolicyGradient {
  const { S, A, gamma } = mdp;
  const p = pieces(mdp, softmaxPolicy(theta, S, A));
  const grad = new Float64Array(S * A);
  for (let s = 0; s < S; s++) {
    const w = (p.occupancy[s] as number) / (1 - gamma);
    for (let a = 0; a < A; a++) {
      const sa = s * A + a;
      grad[sa] = w * (p.policy[sa] as number) * ((p.Q[sa] as number) - (p.V[s] as number));
    }
  }
  return { ...p, grad };
}
