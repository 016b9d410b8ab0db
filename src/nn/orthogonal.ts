import type { Rng } from '../core/rng.js';

/**
 * A `rows × cols` matrix with orthonormal columns (or rows, when wider than tall) times `gain`, from Gaussian draws
 * by Gram-Schmidt: the orthogonal initialization of Saxe et al. (2014) that SB3 uses for policy networks.
 */
export function orthogonalMatrix(rows: number, cols: number, gain: number, rng: Rng): Float32Array {
  const tall = rows >= cols;
  const n = tall ? rows : cols;
  const k = tall ? cols : rows;
  const q: Float64Array[] = [];
  while (q.length < k) {
    const v = Float64Array.from({ length: n }, () => rng.normal());
    for (const u of q) {
      let d = 0;
      for (let i = 0; i < n; i++) d += (v[i] as number) * (u[i] as number);
      for (let i = 0; i < n; i++) v[i] = (v[i] as number) - d * (u[i] as number);
    }
    const len = Math.hypot(...v);
    if (len > 1e-8) q.push(v.map((x) => x / len));
  }
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[r * cols + c] = gain * ((tall ? q[c]![r] : q[r]![c]) as number);
  }
  return out;
}
