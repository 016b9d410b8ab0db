/** Brute-force geometry for tests: vertices of {p ∈ Δ : ‖p − c‖₁ ≤ κ} by enumerating active constraint sets. */

/** Solves the square system M x = b by Gaussian elimination with partial pivoting; undefined when singular. */
export function solveSquare(M: number[][], b: number[]): number[] | undefined {
  const n = b.length;
  const A = M.map((row, i) => [...row, b[i] as number]);
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(A[r]![col]!) > Math.abs(A[piv]![col]!)) piv = r;
    if (Math.abs(A[piv]![col]!) < 1e-12) return undefined;
    [A[col], A[piv]] = [A[piv]!, A[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = A[r]![col]! / A[col]![col]!;
      for (let k = col; k <= n; k++) A[r]![k] = A[r]![k]! - f * A[col]![k]!;
    }
  }
  return A.map((row, i) => row[n]! / row[i]!);
}

/**
 * The vertices of {p : Σp = 1, p ≥ 0, Σ_i s_i (p_i − c_i) ≤ κ for every sign vector s}: every choice of n − 1
 * inequalities made tight together with Σp = 1, kept when feasible, duplicates merged.
 */
export function l1SimplexVertices(center: readonly number[], radius: number): number[][] {
  const n = center.length;
  const rows: { a: number[]; b: number }[] = [];
  for (let i = 0; i < n; i++) rows.push({ a: Array.from({ length: n }, (_, j) => (j === i ? -1 : 0)), b: 0 });
  for (let mask = 0; mask < 1 << n; mask++) {
    const s = Array.from({ length: n }, (_, j) => ((mask >> j) & 1 ? 1 : -1));
    rows.push({ a: s, b: radius + s.reduce((acc, sj, j) => acc + sj * (center[j] as number), 0) });
  }
  const out: number[][] = [];
  const choose = (start: number, picked: number[]): void => {
    if (picked.length === n - 1) {
      const M = [Array(n).fill(1) as number[], ...picked.map((k) => rows[k]!.a)];
      const x = solveSquare(M, [1, ...picked.map((k) => rows[k]!.b)]);
      if (!x) return;
      if (rows.some((r) => r.a.reduce((acc, aj, j) => acc + aj * x[j]!, 0) > r.b + 1e-9)) return;
      if (!out.some((v) => v.every((vj, j) => Math.abs(vj - x[j]!) < 1e-9))) out.push(x);
      return;
    }
    for (let k = start; k < rows.length; k++) choose(k + 1, [...picked, k]);
  };
  choose(0, []);
  return out;
}

/**
 * The rows of the LP form of {(q_a)_a : q_a ∈ Δ, Σ_a ‖q_a − c_a‖₁ ≤ radius}: columns q (rows·n, row-major), then
 * t ≥ |q − c| (rows·n), then `extra` free columns; bounds lo ≤ A x ≤ hi.
 */
export function l1BudgetRows(cs: readonly (readonly number[])[], radius: number, extra = 0): { A: number[][]; lo: number[]; hi: number[]; cols: number } {
  const n = cs[0]!.length;
  const m = cs.length * n;
  const cols = 2 * m + extra;
  const A: number[][] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  const row = (entries: [number, number][], l: number, h: number) => {
    const r = Array(cols).fill(0) as number[];
    for (const [k, v] of entries) r[k] = v;
    A.push(r);
    lo.push(l);
    hi.push(h);
  };
  cs.forEach((_, a) => row(Array.from({ length: n }, (_, i) => [a * n + i, 1]), 1, 1));
  for (let k = 0; k < m; k++) {
    const c = cs[Math.floor(k / n)]![k % n]!;
    row([[k, 1], [m + k, -1]], -Infinity, c);
    row([[k, -1], [m + k, -1]], -Infinity, -c);
  }
  row(Array.from({ length: m }, (_, k) => [m + k, 1]), -Infinity, radius);
  return { A, lo, hi, cols };
}
