import { InvalidArgumentError, describeValue } from './errors.js';

/**
 * Exact Euclidean projections onto the probability simplex Δ = {p ≥ 0, Σp = 1} and onto the intersection of Δ with
 * an L1 ball around a point of Δ. Both are sort-based and finish in O(n log n): no iteration to a tolerance.
 */

/** The level τ with Σ_i (w_i − τ)⁺ = mass (mass > 0): water filling on the values sorted in decreasing order. */
function waterLevel(w: ArrayLike<number>, mass: number): number {
  const sorted = Float64Array.from(w).sort().reverse();
  let cum = 0;
  let tau = (sorted[0] as number) - mass;
  for (let k = 0; k < sorted.length; k++) {
    cum += sorted[k] as number;
    const t = (cum - mass) / (k + 1);
    // The first k+1 values stay above the level and the next one does not: the level is found.
    if (k + 1 === sorted.length || (sorted[k + 1] as number) <= t) {
      tau = t;
      break;
    }
  }
  return tau;
}

/**
 * The Euclidean projection of `y` onto the probability simplex, p = (y − τ)⁺ with τ from the sorted values
 * (Duchi, Shalev-Shwartz, Singer & Chandra 2008, Fig. 1). Writes into `out` (default a new array) and returns it.
 */
export function projectSimplex(y: ArrayLike<number>, out: Float64Array = new Float64Array(y.length)): Float64Array {
  const n = y.length;
  if (n === 0) throw new InvalidArgumentError('projectSimplex: y must have at least one entry, got none');
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(y[i] as number)) throw new InvalidArgumentError(`projectSimplex: y[${i}] = ${describeValue(y[i])} must be finite`);
  }
  const tau = waterLevel(y, 1);
  for (let i = 0; i < n; i++) out[i] = Math.max((y[i] as number) - tau, 0);
  return out;
}

/** Throws unless `center` has n entries and `radius` is a finite number >= 0. */
function checkBall(fn: string, n: number, center: ArrayLike<number>, radius: number): void {
  if (center.length !== n) throw new InvalidArgumentError(`${fn}: center must have ${n} entries like y, got ${center.length}`);
  if (!(radius >= 0) || !Number.isFinite(radius)) throw new InvalidArgumentError(`${fn}: radius must be a finite number >= 0, got ${describeValue(radius)}`);
}

/** The b with Σ_i clip(b − w_i, 0, c_i) = mass, for 0 < mass < Σc: the function is piecewise linear and nondecreasing. */
function lowerLevel(w: ArrayLike<number>, c: ArrayLike<number>, mass: number): number {
  const n = w.length;
  // Breakpoints: the slope rises by 1 at w_i and falls by 1 at w_i + c_i (coordinates with c_i = 0 never move).
  const points: { x: number; dSlope: number }[] = [];
  for (let i = 0; i < n; i++) {
    const ci = c[i] as number;
    if (ci <= 0) continue;
    points.push({ x: w[i] as number, dSlope: 1 }, { x: (w[i] as number) + ci, dSlope: -1 });
  }
  points.sort((p, q) => p.x - q.x || p.dSlope - q.dSlope);
  let f = 0;
  let slope = 0;
  let x = points[0]?.x ?? 0;
  for (const p of points) {
    const next = f + slope * (p.x - x);
    if (next >= mass && slope > 0) return x + (mass - f) / slope;
    f = next;
    x = p.x;
    slope += p.dSlope;
  }
  return x;
}

/**
 * The Euclidean projection of `y` onto {p ∈ Δ : ‖p − center‖₁ ≤ radius}, `center` a point of Δ. When the simplex
 * projection lies outside the ball, the KKT conditions split with z = p − center into an upper level a and a lower
 * level b: z_i = (y_i − c_i − a)⁺ − clip(b − y_i + c_i, 0, c_i), where the rise and the fall each carry radius/2
 * (the ball is active and Σz = 0); each level comes from one sorted scan, so the result is exact.
 */
export function projectL1BallSimplex(
  y: ArrayLike<number>,
  center: ArrayLike<number>,
  radius: number,
  out: Float64Array = new Float64Array(y.length),
): Float64Array {
  const n = y.length;
  checkBall('projectL1BallSimplex', n, center, radius);
  projectSimplex(y, out);
  let dist = 0;
  for (let i = 0; i < n; i++) dist += Math.abs((out[i] as number) - (center[i] as number));
  if (dist <= radius) return out;
  if (radius === 0) {
    for (let i = 0; i < n; i++) out[i] = center[i] as number;
    return out;
  }
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = (y[i] as number) - (center[i] as number);
  const half = radius / 2;
  const a = waterLevel(w, half);
  const b = lowerLevel(w, center, half);
  for (let i = 0; i < n; i++) {
    const ci = center[i] as number;
    const wi = w[i] as number;
    out[i] = ci + Math.max(wi - a, 0) - Math.min(Math.max(b - wi, 0), ci);
  }
  return out;
}

/**
 * The Euclidean projection of `y` onto the L1 ball {x : ‖x − center‖₁ ≤ radius}: soft thresholding of y − center at
 * the level that leaves L1 mass `radius` (Duchi et al. 2008, §4), exact by one sort.
 */
export function projectL1Ball(
  y: ArrayLike<number>,
  center: ArrayLike<number>,
  radius: number,
  out: Float64Array = new Float64Array(y.length),
): Float64Array {
  const n = y.length;
  checkBall('projectL1Ball', n, center, radius);
  const d = new Float64Array(n);
  let norm = 0;
  for (let i = 0; i < n; i++) norm += d[i] = Math.abs((y[i] as number) - (center[i] as number));
  const tau = norm <= radius ? 0 : radius === 0 ? Infinity : waterLevel(d, radius);
  for (let i = 0; i < n; i++) {
    const diff = (y[i] as number) - (center[i] as number);
    out[i] = (center[i] as number) + Math.sign(diff) * Math.max((d[i] as number) - tau, 0);
  }
  return out;
}
