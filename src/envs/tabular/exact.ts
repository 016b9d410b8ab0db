import { Matrix, solve } from 'ml-matrix';
import { argmax } from '../../core/argmax.js';
import { InvalidArgumentError, describeValue } from '../../core/errors.js';
import { PROBABILITY_TOLERANCE, type TabularMDP } from './mdp.js';

/**
 * Exact solutions of a `TabularMDP`, as pure functions on Float64Arrays. A (stochastic) policy is a row-major table
 * `pi[s*A + a]` = π(a|s); value functions are `V[s]` and `Q[s*A + a]`.
 */

/** Options of the iterative solvers. */
export interface SolverOptions {
  /** Stop when the result is within `tolerance` of the fixed point in sup norm; default 1e-10. */
  readonly tolerance?: number;
  /** Give up after this many sweeps; default 100 000. */
  readonly maxIterations?: number;
}

/** An optimal (or evaluated) solution: values, action values and a greedy deterministic policy. */
export interface Solution {
  readonly V: Float64Array;
  readonly Q: Float64Array;
  /** The greedy action in each state. */
  readonly policy: Int32Array;
  /** Sweeps (value iteration) or improvement steps (policy iteration) taken. */
  readonly iterations: number;
}

function checkPolicy(mdp: TabularMDP, pi: Float64Array): void {
  if (pi.length !== mdp.S * mdp.A) throw new InvalidArgumentError(`policy must have S·A = ${mdp.S * mdp.A} entries for ${mdp}, got ${pi.length}`);
  for (let s = 0; s < mdp.S; s++) {
    let sum = 0;
    for (let a = 0; a < mdp.A; a++) {
      const p = pi[s * mdp.A + a] as number;
      if (!(p >= 0)) throw new InvalidArgumentError(`policy: pi[s=${s}, a=${a}] = ${describeValue(p)} is negative or NaN`);
      sum += p;
    }
    if (Math.abs(sum - 1) > PROBABILITY_TOLERANCE) throw new InvalidArgumentError(`policy: pi[s=${s}, ·] sums to ${sum}; each row must sum to 1 within ${PROBABILITY_TOLERANCE}`);
  }
}

/** The state-to-state transition matrix under π, `P_π[s*S + s'] = Σ_a π(a|s) P(s'|s,a)`. */
export function policyTransition(mdp: TabularMDP, pi: Float64Array): Float64Array {
  const { S, A, P } = mdp;
  const out = new Float64Array(S * S);
  for (let s = 0; s < S; s++) {
    for (let a = 0; a < A; a++) {
      const w = pi[s * A + a] as number;
      if (w === 0) continue;
      const row = (s * A + a) * S;
      for (let s2 = 0; s2 < S; s2++) out[s * S + s2] += w * (P[row + s2] as number);
    }
  }
  return out;
}

/** The expected one-step reward under π, `r_π[s] = Σ_a π(a|s) R(s,a)`. */
export function policyReward(mdp: TabularMDP, pi: Float64Array): Float64Array {
  const { S, A, R } = mdp;
  const out = new Float64Array(S);
  for (let s = 0; s < S; s++) for (let a = 0; a < A; a++) out[s] += (pi[s * A + a] as number) * (R[s * A + a] as number);
  return out;
}

/** The matrix I - γ P_π (or its transpose). */
function resolventMatrix(mdp: TabularMDP, pi: Float64Array, transpose: boolean): Matrix {
  const { S, gamma } = mdp;
  const Ppi = policyTransition(mdp, pi);
  const M = new Matrix(S, S);
  for (let i = 0; i < S; i++) {
    for (let j = 0; j < S; j++) {
      const p = transpose ? (Ppi[j * S + i] as number) : (Ppi[i * S + j] as number);
      M.set(i, j, (i === j ? 1 : 0) - gamma * p);
    }
  }
  return M;
}

function solveLinear(M: Matrix, b: Float64Array): Float64Array {
  const x = solve(M, Matrix.columnVector(Array.from(b)));
  return Float64Array.from(x.getColumn(0));
}

/** V^π by a linear solve of (I - γ P_π) V = r_π; π must be a policy table (rows on the simplex). */
export function evaluatePolicy(mdp: TabularMDP, pi: Float64Array): Float64Array {
  checkPolicy(mdp, pi);
  return valueOfPolicyTable(mdp, pi);
}

/** V = (I - γ P_π)⁻¹ r_π for any table π (unchecked: finite-difference checks perturb π off the simplex). */
export function valueOfPolicyTable(mdp: TabularMDP, pi: Float64Array): Float64Array {
  return solveLinear(resolventMatrix(mdp, pi, false), policyReward(mdp, pi));
}

/** The one-step lookahead `Q[s,a] = R(s,a) + γ Σ_s' P(s'|s,a) V(s')`. */
export function qFromValues(mdp: TabularMDP, V: Float64Array): Float64Array {
  const { S, A, P, R, gamma } = mdp;
  const Q = new Float64Array(S * A);
  for (let sa = 0; sa < S * A; sa++) {
    let ev = 0;
    const row = sa * S;
    for (let s2 = 0; s2 < S; s2++) ev += (P[row + s2] as number) * (V[s2] as number);
    Q[sa] = (R[sa] as number) + gamma * ev;
  }
  return Q;
}

/** Q^π, the action values of policy π. */
export function evaluateQ(mdp: TabularMDP, pi: Float64Array): Float64Array {
  return qFromValues(mdp, evaluatePolicy(mdp, pi));
}

/** The expected discounted return J(π) = μ0ᵀ V^π. */
export function expectedReturn(mdp: TabularMDP, pi: Float64Array): number {
  return dot(mdp.mu0, evaluatePolicy(mdp, pi));
}

/**
 * The discounted state-occupancy measure d_μ0^π = (1-γ) μ0ᵀ (I - γ P_π)⁻¹, a distribution over states
 * (Agarwal et al. 2021, eq. 3).
 */
export function occupancy(mdp: TabularMDP, pi: Float64Array, mu0: Float64Array = mdp.mu0): Float64Array {
  checkPolicy(mdp, pi);
  return occupancyOfPolicyTable(mdp, pi, mu0);
}

/** `occupancy` for any table π (unchecked). */
export function occupancyOfPolicyTable(mdp: TabularMDP, pi: Float64Array, mu0: Float64Array = mdp.mu0): Float64Array {
  const x = solveLinear(resolventMatrix(mdp, pi, true), mu0);
  for (let s = 0; s < x.length; s++) x[s] = (1 - mdp.gamma) * (x[s] as number);
  return x;
}

/** The greedy action of each state of a Q table (lowest index on ties). */
export function greedyActions(Q: Float64Array, S: number, A: number): Int32Array {
  const out = new Int32Array(S);
  for (let s = 0; s < S; s++) out[s] = argmax(Q, s * A, A);
  return out;
}

/** The table of a deterministic policy: π(a|s) = 1 where a = actions[s]. */
export function deterministicPolicy(actions: Int32Array, A: number): Float64Array {
  const pi = new Float64Array(actions.length * A);
  for (let s = 0; s < actions.length; s++) pi[s * A + (actions[s] as number)] = 1;
  return pi;
}

/** The uniformly random policy. */
export function uniformPolicy(S: number, A: number): Float64Array {
  return new Float64Array(S * A).fill(1 / A);
}

/** max_a Q[s,a] for each state. */
function maxOverActions(Q: Float64Array, S: number, A: number, out: Float64Array): Float64Array {
  for (let s = 0; s < S; s++) {
    let m = Q[s * A] as number;
    for (let a = 1; a < A; a++) m = Math.max(m, Q[s * A + a] as number);
    out[s] = m;
  }
  return out;
}

function iterationLimits(opts: SolverOptions): { tolerance: number; maxIterations: number } {
  const tolerance = opts.tolerance ?? 1e-10;
  const maxIterations = opts.maxIterations ?? 100_000;
  if (!(tolerance > 0)) throw new InvalidArgumentError(`tolerance must be > 0, got ${describeValue(tolerance)}`);
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw new InvalidArgumentError(`maxIterations must be a positive integer, got ${describeValue(maxIterations)}`);
  return { tolerance, maxIterations };
}

/**
 * Value iteration V ← max_a (R + γ P V) from V = 0, stopped when ‖V_{k+1} - V_k‖∞ ≤ tolerance·(1-γ)/γ, which puts
 * V_{k+1} within `tolerance` of V* (Puterman 1994, Thm 6.3.1).
 */
export function valueIteration(mdp: TabularMDP, opts: SolverOptions = {}): Solution {
  const { tolerance, maxIterations } = iterationLimits(opts);
  const { S, A, gamma } = mdp;
  const threshold = gamma > 0 ? (tolerance * (1 - gamma)) / gamma : Infinity;
  let V = new Float64Array(S);
  let next = new Float64Array(S);
  for (let k = 1; k <= maxIterations; k++) {
    maxOverActions(qFromValues(mdp, V), S, A, next);
    let diff = 0;
    for (let s = 0; s < S; s++) diff = Math.max(diff, Math.abs((next[s] as number) - (V[s] as number)));
    [V, next] = [next, V];
    if (diff <= threshold) {
      const Q = qFromValues(mdp, V);
      return { V, Q, policy: greedyActions(Q, S, A), iterations: k };
    }
  }
  throw new InvalidArgumentError(`valueIteration on ${mdp}: no convergence to ${tolerance} in ${maxIterations} sweeps; raise maxIterations`);
}

/**
 * Policy iteration (Howard 1960): exact evaluation by a linear solve, then greedy improvement, keeping the current
 * action unless another is better by more than `tolerance` (so it stops instead of cycling among ties).
 */
export function policyIteration(mdp: TabularMDP, opts: SolverOptions = {}): Solution {
  const { tolerance, maxIterations } = iterationLimits(opts);
  const { S, A } = mdp;
  const actions = new Int32Array(S);
  for (let k = 1; k <= maxIterations; k++) {
    const V = evaluatePolicy(mdp, deterministicPolicy(actions, A));
    const Q = qFromValues(mdp, V);
    let changed = false;
    for (let s = 0; s < S; s++) {
      const cur = actions[s] as number;
      let best = cur;
      for (let a = 0; a < A; a++) if ((Q[s * A + a] as number) > (Q[s * A + best] as number) + tolerance) best = a;
      if (best !== cur) {
        actions[s] = best;
        changed = true;
      }
    }
    if (!changed) return { V, Q, policy: actions, iterations: k };
  }
  throw new InvalidArgumentError(`policyIteration on ${mdp}: no convergence in ${maxIterations} improvement steps; raise maxIterations`);
}

/** ‖x - y‖∞. */
export function maxAbsDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new InvalidArgumentError(`maxAbsDiff: lengths differ (${x.length} vs ${y.length})`);
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs((x[i] as number) - (y[i] as number)));
  return m;
}

/** xᵀy. */
export function dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] as number) * (y[i] as number);
  return s;
}
