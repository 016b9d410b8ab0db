import { InvalidArgumentError, describeValue } from '../core/errors.js';
import { solveLinearProgram } from '../core/lp.js';

/** A Nash equilibrium of a two-player zero-sum matrix game and its value (the row player's expected payoff). */
export interface ZeroSumSolution {
  readonly row: Float64Array;
  readonly col: Float64Array;
  readonly value: number;
}

/**
 * Solves the zero-sum matrix game in which the row player maximises xᵀAy and the column player minimises it, by the
 * LP max v s.t. Aᵀx ≥ v·1, Σx = 1, x ≥ 0; the column player's strategy is read from that LP's duals.
 * Needs `await loadLpSolver()` first.
 *
 * @example
 * await loadLpSolver();
 * solveZeroSum([[0, -1, 1], [1, 0, -1], [-1, 1, 0]]); // rock-paper-scissors: uniform, value 0
 */
export function solveZeroSum(A: ReadonlyArray<ReadonlyArray<number>>): ZeroSumSolution {
  const m = A.length;
  const n = m === 0 ? 0 : A[0].length;
  if (m === 0 || n === 0) throw new InvalidArgumentError('solveZeroSum: the payoff matrix must have at least one row and column');
  A.forEach((row, i) => {
    if (row.length !== n) throw new InvalidArgumentError(`solveZeroSum: row ${i} has ${row.length} entries, expected ${n}`);
    row.forEach((a, j) => {
      if (!Number.isFinite(a)) throw new InvalidArgumentError(`solveZeroSum: A[${i}][${j}] must be finite, got ${describeValue(a)}`);
    });
  });
  // Columns: x_0..x_{m-1}, then v (free). Rows: one per column j of A (Σ_i A_ij x_i − v ≥ 0), then Σx = 1.
  const rows: number[][] = [];
  for (let j = 0; j < n; j++) rows.push([...A.map((r) => r[j]), -1]);
  rows.push([...new Array<number>(m).fill(1), 0]);
  const solution = solveLinearProgram({
    sense: 'maximize',
    cost: [...new Array<number>(m).fill(0), 1],
    A: rows,
    rowLower: [...new Array<number>(n).fill(0), 1],
    rowUpper: [...new Array<number>(n).fill(Infinity), 1],
    colLower: [...new Array<number>(m).fill(0), -Infinity],
    colUpper: new Array<number>(m + 1).fill(Infinity),
  });
  if (solution.status !== 'optimal') throw new Error(`solveZeroSum: HiGHS returned status ${solution.status}`);
  const row = normalise(solution.x.subarray(0, m));
  const col = normalise(solution.rowDuals.subarray(0, n).map(Math.abs));
  return { row, col, value: solution.x[m] };
}

/** Clips the LP's round-off negatives and rescales to a distribution. */
function normalise(weights: Float64Array): Float64Array {
  const clipped = weights.map((w) => Math.max(0, w));
  const total = clipped.reduce((a, b) => a + b, 0);
  return clipped.map((w) => w / total);
}
