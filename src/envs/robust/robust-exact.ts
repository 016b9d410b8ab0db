import { argmax } from '../../core/argmax.js';
import { InvalidArgumentError, describeValue } from '../../core/errors.js';
import { dot, maxAbsDiff, valueOfPolicyTable, type SolverOptions } from '../tabular/exact.js';
import { PROBABILITY_TOLERANCE } from '../tabular/mdp.js';
import type { RobustMDP } from './robust-mdp.js';

/**
 * Exact solutions of a `RobustMDP` with L1 sets, as pure functions on Float64Arrays (policies `pi[s*A + a]`, kernels
 * `P[(s*A + a)*S + s']`). Every inner minimisation over an L1 set is solved exactly by sorting (Iyengar 2005; Ho,
 * Petrik & Wiesemann 2018, "Fast Bellman updates for robust MDPs"): nature moves mass from the states of highest
 * value to the state of lowest value.
 */

/** The robust solution: values, action values and a greedy policy table. */
export interface RobustSolution {
  /** Robust optimal values V*(s). */
  readonly V: Float64Array;
  /**
   * Robust action values: `'sa'`: Q(s,a) = min_{p ∈ P_sa} p·(r_sa + γV); `'s'`: the value of a under nature's split of
   * the state's budget at the saddle point, min(q̄(s,a), V(s)) with q̄ the nominal lookahead. V(s) = max_a Q(s,a).
   */
  readonly Q: Float64Array;
  /** The optimal policy table π(a|s): one-hot for `'sa'` (greedy in Q); possibly randomised for `'s'`. */
  readonly policy: Float64Array;
  /** Sweeps taken. */
  readonly iterations: number;
}

/** A policy's robust value and the kernel at which nature attains it. */
export interface RobustEvaluation {
  /** V^π under the worst-case kernel. */
  readonly V: Float64Array;
  /** The worst-case kernel for π, S·A·S. */
  readonly kernel: Float64Array;
  /** μ0ᵀV, the robust return J(π). */
  readonly value: number;
  /** Improvement steps of nature's policy iteration. */
  readonly iterations: number;
}

/** z(s') = r(s, a, s') + γ V(s') over row sa's support, written into `z` (entry k for support state k). */
function lookahead(robust: RobustMDP, sa: number, V: Float64Array, z: Float64Array): number {
  const { S, gamma, rewards, supportStart, supportIndex } = robust;
  const start = supportStart[sa] as number;
  const n = (supportStart[sa + 1] as number) - start;
  for (let k = 0; k < n; k++) {
    const s2 = supportIndex[start + k] as number;
    z[k] = (rewards[sa * S + s2] as number) + gamma * (V[s2] as number);
  }
  return n;
}

/** The order of the first n entries of z, largest first. */
function descending(z: Float64Array, n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i).sort((i, j) => (z[j] as number) - (z[i] as number) || i - j);
}

/** Writes nominal row sa (over its support) into `c`. */
function nominalRow(robust: RobustMDP, sa: number, c: Float64Array): void {
  const { S, supportStart, supportIndex } = robust;
  const start = supportStart[sa] as number;
  const n = (supportStart[sa + 1] as number) - start;
  for (let k = 0; k < n; k++) c[k] = robust.nominal.P[sa * S + (supportIndex[start + k] as number)] as number;
}

/**
 * argmin of p·z over {p ∈ Δ : ‖p − c‖₁ ≤ budget} (first n entries): min(budget/2, 1 − c_k) mass moves to the lowest
 * z_k, taken from the highest entries first. Writes p into `p`, returns p·z.
 */
export function worstCaseRowL1(z: Float64Array, c: Float64Array, budget: number, p: Float64Array, n = z.length): number {
  for (let k = 0; k < n; k++) p[k] = c[k] as number;
  const low = argmin(z, n);
  let move = Math.min(budget / 2, 1 - (c[low] as number));
  p[low] = (p[low] as number) + move;
  const order = descending(z, n);
  for (let r = 0; r < n && move > 0; r++) {
    const k = order[r] as number;
    if (k === low) continue;
    const d = Math.min(move, p[k] as number);
    p[k] = (p[k] as number) - d;
    move -= d;
  }
  return dot(p.subarray(0, n), z.subarray(0, n));
}

function argmin(z: Float64Array, n: number): number {
  let best = 0;
  for (let k = 1; k < n; k++) if ((z[k] as number) < (z[best] as number)) best = k;
  return best;
}

/** Work arrays of one row: lookahead z, nominal c and the perturbed row p (support-indexed). */
interface RowScratch {
  readonly z: Float64Array;
  readonly c: Float64Array;
  readonly p: Float64Array;
}

function rowScratch(S: number): RowScratch {
  return { z: new Float64Array(S), c: new Float64Array(S), p: new Float64Array(S) };
}

/** Nature's worst row sa of an ('sa') set given V, written into `scratch.p`; returns its value p·(r_sa + γV). */
function worstRowOf(robust: RobustMDP, sa: number, V: Float64Array, scratch: RowScratch): number {
  const n = lookahead(robust, sa, V, scratch.z);
  nominalRow(robust, sa, scratch.c);
  return worstCaseRowL1(scratch.z, scratch.c, robust.radius[sa] as number, scratch.p, n);
}

/** Scatters a support-indexed row into the full kernel row sa. */
function scatterRow(robust: RobustMDP, sa: number, p: Float64Array, kernel: Float64Array): void {
  const { S, supportStart, supportIndex } = robust;
  const start = supportStart[sa] as number;
  kernel.fill(0, sa * S, (sa + 1) * S);
  for (let k = 0; k < (supportStart[sa + 1] as number) - start; k++) kernel[sa * S + (supportIndex[start + k] as number)] = p[k] as number;
}

/**
 * Nature's best response to π given values V: the kernel minimising Σ_a π(a|s) p_sa·(r_sa + γV) in every state.
 * `'sa'`: each row independently. `'s'`: the state's budget goes to the (action, source state) moves of highest rate
 * π(a|s)(z_j − z_min)/2 per unit of L1 budget first (a fractional knapsack, exact).
 */
export function worstCaseResponse(robust: RobustMDP, pi: Float64Array, V: Float64Array): Float64Array {
  const { S, A } = robust;
  const kernel = new Float64Array(S * A * S);
  const scratch = rowScratch(S);
  const z = scratch.z;
  for (let s = 0; s < S; s++) {
    if (robust.kind === 'sa') {
      for (let a = 0; a < A; a++) {
        worstRowOf(robust, s * A + a, V, scratch);
        scatterRow(robust, s * A + a, scratch.p, kernel);
      }
      continue;
    }
    const moves: { a: number; from: number; to: number; rate: number; length: number }[] = [];
    const rows: Float64Array[] = [];
    for (let a = 0; a < A; a++) {
      const sa = s * A + a;
      const n = lookahead(robust, sa, V, z);
      const row = new Float64Array(n);
      nominalRow(robust, sa, row);
      rows.push(row);
      const w = pi[sa] as number;
      if (w <= 0) continue;
      const low = argmin(z, n);
      for (let k = 0; k < n; k++) {
        const gain = (z[k] as number) - (z[low] as number);
        if (k !== low && gain > 0 && (row[k] as number) > 0) moves.push({ a, from: k, to: low, rate: (w * gain) / 2, length: 2 * (row[k] as number) });
      }
    }
    moves.sort((x, y) => y.rate - x.rate);
    let budget = robust.radius[s] as number;
    for (const m of moves) {
      if (budget <= 0) break;
      const used = Math.min(budget, m.length);
      const row = rows[m.a] as Float64Array;
      row[m.from] = (row[m.from] as number) - used / 2;
      row[m.to] = (row[m.to] as number) + used / 2;
      budget -= used;
    }
    for (let a = 0; a < A; a++) scatterRow(robust, s * A + a, rows[a] as Float64Array, kernel);
  }
  return kernel;
}

function checkPolicyTable(robust: RobustMDP, pi: Float64Array): void {
  const { S, A } = robust;
  if (pi.length !== S * A) throw new InvalidArgumentError(`policy must have S·A = ${S * A} entries for ${robust}, got ${pi.length}`);
  for (let s = 0; s < S; s++) {
    let sum = 0;
    for (let a = 0; a < A; a++) {
      const w = pi[s * A + a] as number;
      if (!(w >= 0)) throw new InvalidArgumentError(`policy: pi[s=${s}, a=${a}] = ${describeValue(w)} is negative or NaN`);
      sum += w;
    }
    if (Math.abs(sum - 1) > PROBABILITY_TOLERANCE) throw new InvalidArgumentError(`policy: pi[s=${s}, ·] sums to ${sum}; each row must sum to 1 within ${PROBABILITY_TOLERANCE}`);
  }
}

/** V^π of policy table π under kernel P, by a linear solve. */
export function valueUnderKernel(robust: RobustMDP, pi: Float64Array, P: ArrayLike<number>): Float64Array {
  return valueOfPolicyTable(robust.withKernel(P), pi);
}

/**
 * The robust value of π, min over the set of V^π, and the worst-case kernel: policy iteration for nature (best
 * response to V, then exact evaluation), which decreases V monotonically and stops at the exact minimum once the
 * response no longer lowers V by more than `tolerance` (default 1e-12 relative).
 */
export function robustPolicyEvaluation(robust: RobustMDP, pi: Float64Array, opts: SolverOptions = {}): RobustEvaluation {
  checkPolicyTable(robust, pi);
  const tolerance = opts.tolerance ?? 1e-12;
  const maxIterations = opts.maxIterations ?? 10_000;
  let kernel: Float64Array = Float64Array.from(robust.nominal.P);
  let V = valueUnderKernel(robust, pi, kernel);
  for (let k = 1; k <= maxIterations; k++) {
    const next = worstCaseResponse(robust, pi, V);
    const W = valueUnderKernel(robust, pi, next);
    let drop = 0;
    let scale = 1;
    for (let s = 0; s < W.length; s++) {
      drop = Math.max(drop, (V[s] as number) - (W[s] as number));
      scale = Math.max(scale, Math.abs(V[s] as number));
    }
    if (drop <= tolerance * scale) {
      // Keep the better of the two: W can exceed V by rounding only.
      const [Vf, Kf] = dot(robust.mu0, W) <= dot(robust.mu0, V) ? [W, next] : [V, kernel];
      return { V: Vf, kernel: Kf, value: dot(robust.mu0, Vf), iterations: k };
    }
    V = W;
    kernel = next;
  }
  throw new InvalidArgumentError(`robustPolicyEvaluation on ${robust}: nature's policy iteration did not settle in ${maxIterations} steps; raise maxIterations`);
}

/** The worst-case kernel of policy π (S·A·S): the one at which nature attains π's robust value. */
export function worstCaseKernel(robust: RobustMDP, pi: Float64Array): Float64Array {
  return robustPolicyEvaluation(robust, pi).kernel;
}

/** The robust return J(π) = min over the set of μ0ᵀV^π. */
export function robustReturn(robust: RobustMDP, pi: Float64Array): number {
  return robustPolicyEvaluation(robust, pi).value;
}

/** The breakpoints (budget ξ, value q) of ξ ↦ min_{‖p − c‖₁ ≤ ξ} p·z: convex, piecewise linear, decreasing. */
function budgetCurve(z: Float64Array, c: Float64Array, n: number): { xi: number[]; q: number[] } {
  const low = argmin(z, n);
  const xi = [0];
  const q = [dot(c.subarray(0, n), z.subarray(0, n))];
  for (const k of descending(z, n)) {
    const gain = (z[k] as number) - (z[low] as number);
    if (k === low || gain <= 0 || (c[k] as number) <= 0) continue;
    xi.push((xi[xi.length - 1] as number) + 2 * (c[k] as number));
    q.push((q[q.length - 1] as number) - (c[k] as number) * gain);
  }
  return { xi, q };
}

/** The least budget at which the curve reaches u: 0 above its start, Infinity below its floor. */
function budgetFor(curve: { xi: number[]; q: number[] }, u: number): number {
  const { xi, q } = curve;
  if (u >= (q[0] as number)) return 0;
  for (let i = 1; i < q.length; i++) {
    const qi = q[i] as number;
    if (u >= qi) {
      const q0 = q[i - 1] as number;
      return (xi[i - 1] as number) + (((q0 - u) / (q0 - qi)) * ((xi[i] as number) - (xi[i - 1] as number)));
    }
  }
  return Infinity;
}

/**
 * One s-rectangular robust Bellman update of state s: max_π min_{p ∈ P_s} Σ_a π_a q_a(p_a), which by minimax is the
 * least level u that the state's budget can push every action's value down to, u* = min{u : Σ_a ξ_a(u) ≤ κ_s}
 * (Ho, Petrik & Wiesemann 2018). Σ_a ξ_a(u) is piecewise linear between the actions' breakpoints, so u* is exact;
 * the optimal π_a is proportional to the rate −dξ_a/du just below u* (equal marginal value of budget).
 */
function sRectangularUpdate(curves: { xi: number[]; q: number[] }[], budget: number, pi: Float64Array, Q: Float64Array, off: number): number {
  const A = curves.length;
  const floors = curves.map((c) => c.q[c.q.length - 1] as number);
  const lo = Math.max(...floors);
  const F = (u: number) => curves.reduce((acc, c) => acc + budgetFor(c, u), 0);
  let u = lo;
  for (let a = 0; a < A; a++) pi[off + a] = 0;
  if (F(lo) <= budget) {
    pi[off + argmax(floors)] = 1;
  } else {
    const levels = [...new Set(curves.flatMap((c) => c.q.filter((x) => x > lo)))].sort((x, y) => x - y);
    let u1 = lo;
    let f1 = F(lo);
    for (const u2 of levels) {
      const f2 = F(u2);
      if (f2 <= budget) {
        u = u1 + ((f1 - budget) / (f1 - f2)) * (u2 - u1);
        let total = 0;
        for (let a = 0; a < A; a++) total += pi[off + a] = budgetFor(curves[a]!, u1) - budgetFor(curves[a]!, u2);
        for (let a = 0; a < A; a++) pi[off + a] = (pi[off + a] as number) / total;
        break;
      }
      u1 = u2;
      f1 = f2;
    }
  }
  for (let a = 0; a < A; a++) Q[off + a] = Math.min(curves[a]!.q[0] as number, u);
  return u;
}

/** One robust Bellman optimality update (T V)(s) for every state, with its action values and greedy policy. */
export function robustBellman(robust: RobustMDP, V: Float64Array): Omit<RobustSolution, 'iterations'> {
  const { S, A } = robust;
  const out = new Float64Array(S);
  const Q = new Float64Array(S * A);
  const policy = new Float64Array(S * A);
  const scratch = rowScratch(S);
  const { z, c } = scratch;
  for (let s = 0; s < S; s++) {
    if (robust.kind === 'sa') {
      for (let a = 0; a < A; a++) Q[s * A + a] = worstRowOf(robust, s * A + a, V, scratch);
      const best = argmax(Q, s * A, A);
      policy[s * A + best] = 1;
      out[s] = Q[s * A + best] as number;
      continue;
    }
    const curves = [];
    for (let a = 0; a < A; a++) {
      const n = lookahead(robust, s * A + a, V, z);
      nominalRow(robust, s * A + a, c);
      curves.push(budgetCurve(z, c, n));
    }
    out[s] = sRectangularUpdate(curves, robust.radius[s] as number, policy, Q, s * A);
  }
  return { V: out, Q, policy };
}

/**
 * Robust value iteration V ← T V from V = 0 (Iyengar 2005; Nilim & El Ghaoui 2005): T is a γ-contraction in sup
 * norm, so stopping when ‖V_{k+1} − V_k‖∞ ≤ tolerance·(1−γ)/γ puts V within `tolerance` of V*. The reference
 * solution of a `RobustMDP`.
 */
export function robustValueIteration(robust: RobustMDP, opts: SolverOptions = {}): RobustSolution {
  const tolerance = opts.tolerance ?? 1e-10;
  const maxIterations = opts.maxIterations ?? 100_000;
  if (!(tolerance > 0)) throw new InvalidArgumentError(`tolerance must be > 0, got ${describeValue(tolerance)}`);
  if (!Number.isInteger(maxIterations) || maxIterations < 1) throw new InvalidArgumentError(`maxIterations must be a positive integer, got ${describeValue(maxIterations)}`);
  const { gamma } = robust;
  const threshold = gamma > 0 ? (tolerance * (1 - gamma)) / gamma : Infinity;
  let V: Float64Array = new Float64Array(robust.S);
  for (let k = 1; k <= maxIterations; k++) {
    const next = robustBellman(robust, V);
    const diff = maxAbsDiff(next.V, V);
    V = next.V;
    if (diff <= threshold) return { ...robustBellman(robust, V), iterations: k };
  }
  throw new InvalidArgumentError(`robustValueIteration on ${robust}: no convergence to ${tolerance} in ${maxIterations} sweeps; raise maxIterations`);
}
