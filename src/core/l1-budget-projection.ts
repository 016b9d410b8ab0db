import { InvalidArgumentError, describeValue } from './errors.js';
import { projectSimplex } from './simplex.js';

/**
 * The Euclidean projection of rows y_a onto {(p_a)_a : p_a ∈ Δ, Σ_a ‖p_a − c_a‖₁ ≤ radius}, each c_a a point of Δ:
 * the s-rectangular L1 set of a robust MDP's state. KKT: one multiplier λ ≥ 0 of the shared budget; for a given λ
 * each row is z_i = (w_i − μ − λ)⁺ − clip(μ − λ − w_i, 0, c_i) (z = p − c, w = y − c) with its shift μ found exactly
 * by a sorted scan. The budget used, G(λ) = Σ_a ‖z_a(λ)‖₁, is piecewise linear and nonincreasing; the search halves
 * [λ_lo, λ_hi] only until both ends have the same active pattern, where G is affine and its root is solved exactly.
 */
export function projectL1BudgetSimplices(ys: readonly ArrayLike<number>[], cs: readonly ArrayLike<number>[], radius: number): Float64Array[] {
  if (ys.length !== cs.length) throw new InvalidArgumentError(`projectL1BudgetSimplices: ${ys.length} rows of y but ${cs.length} centres; they must match`);
  if (!(radius >= 0) || !Number.isFinite(radius)) throw new InvalidArgumentError(`projectL1BudgetSimplices: radius must be a finite number >= 0, got ${describeValue(radius)}`);
  const ws = ys.map((y, a) => {
    const c = cs[a] as ArrayLike<number>;
    if (c.length !== y.length) throw new InvalidArgumentError(`projectL1BudgetSimplices: row ${a} has ${y.length} entries but its centre ${c.length}`);
    return Float64Array.from(y, (v, i) => v - (c[i] as number));
  });
  const free = ys.map((y) => projectSimplex(y));
  let used = 0;
  free.forEach((p, a) => p.forEach((v, i) => (used += Math.abs(v - ((cs[a] as ArrayLike<number>)[i] as number)))));
  if (used <= radius) return free;
  if (radius === 0) return cs.map((c) => Float64Array.from(c));
  const G = (lambda: number) => ws.reduce((acc, w, a) => acc + budgetOf(w, cs[a] as ArrayLike<number>, lambda), 0);
  let lo = 0;
  let gLo = used;
  let hi = 1 + Math.max(...ws.map((w) => Math.max(...w) - Math.min(...w)));
  let gHi = G(hi);
  let lambda = hi;
  for (let k = 0; k < 200; k++) {
    lambda = lo + ((gLo - radius) / (gLo - gHi)) * (hi - lo);
    if (samePattern(ws, cs, lo, hi) && samePattern(ws, cs, lo, lambda)) break;
    const mid = (lo + hi) / 2;
    const g = G(mid);
    if (g > radius) [lo, gLo] = [mid, g];
    else [hi, gHi] = [mid, g];
  }
  return ws.map((w, a) => {
    const c = cs[a] as ArrayLike<number>;
    const mu = rowShift(w, c, lambda);
    return Float64Array.from(w, (wi, i) => (c[i] as number) + zAt(wi, c[i] as number, lambda, mu));
  });
}

/** z_i at multiplier λ and shift μ: (w − μ − λ)⁺ − clip(μ − λ − w, 0, c). */
function zAt(w: number, c: number, lambda: number, mu: number): number {
  return Math.max(w - mu - lambda, 0) - Math.min(Math.max(mu - lambda - w, 0), c);
}

/** Σ_i z_i(μ), nonincreasing in μ. */
function rowSum(w: Float64Array, c: ArrayLike<number>, lambda: number, mu: number): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += zAt(w[i] as number, c[i] as number, lambda, mu);
  return s;
}

/** The shift μ with Σ_i z_i(μ) = 0: the sum is linear between the breakpoints w_i − λ, w_i + λ, w_i + λ + c_i. */
function rowShift(w: Float64Array, c: ArrayLike<number>, lambda: number): number {
  const points = [...w].flatMap((wi, i) => [wi - lambda, wi + lambda, wi + lambda + (c[i] as number)]).sort((x, y) => x - y);
  // Left of every breakpoint each z_i is positive, so the sum is too.
  let x0 = (points[0] as number) - 1;
  let h0 = rowSum(w, c, lambda, x0);
  for (const x of points) {
    const h = rowSum(w, c, lambda, x);
    if (h <= 0) return h === 0 ? x : x0 + (h0 / (h0 - h)) * (x - x0);
    [x0, h0] = [x, h];
  }
  return x0;
}

/** ‖z(λ)‖₁ of one row. */
function budgetOf(w: Float64Array, c: ArrayLike<number>, lambda: number): number {
  const mu = rowShift(w, c, lambda);
  let s = 0;
  for (let i = 0; i < w.length; i++) s += Math.abs(zAt(w[i] as number, c[i] as number, lambda, mu));
  return s;
}

/** The regime of each coordinate (0 zero, 1 rising, 2 falling, 3 falling to 0) at λ, as a string. */
function pattern(ws: readonly Float64Array[], cs: readonly ArrayLike<number>[], lambda: number): string {
  return ws
    .map((w, a) => {
      const c = cs[a] as ArrayLike<number>;
      const mu = rowShift(w, c, lambda);
      return [...w].map((wi, i) => (wi - mu - lambda > 0 ? 1 : mu - lambda - wi >= (c[i] as number) && (c[i] as number) > 0 ? 3 : mu - lambda - wi > 0 ? 2 : 0)).join('');
    })
    .join('|');
}

function samePattern(ws: readonly Float64Array[], cs: readonly ArrayLike<number>[], x: number, y: number): boolean {
  return pattern(ws, cs, x) === pattern(ws, cs, y);
}
