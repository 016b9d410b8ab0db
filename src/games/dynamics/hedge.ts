/**
 * One multiplicative-weights (Hedge) step: x'(i) ∝ x(i)·exp(η·g(i)) for gains g (use −loss for losses).
 * Computed with the largest exponent subtracted, so large η·g cannot overflow. Writes into `out` when given.
 */
export function hedgeStep(x: ArrayLike<number>, gains: ArrayLike<number>, eta: number, out = new Float64Array(x.length)): Float64Array {
  let top = -Infinity;
  for (let i = 0; i < x.length; i++) if (x[i] > 0) top = Math.max(top, eta * gains[i]);
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    out[i] = x[i] > 0 ? x[i] * Math.exp(eta * gains[i] - top) : 0;
    total += out[i];
  }
  for (let i = 0; i < x.length; i++) out[i] /= total;
  return out;
}
