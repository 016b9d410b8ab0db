import { solveZeroSum } from '../zero-sum.js';
import { type PreferenceMatrix, preferenceRows } from './preference-matrix.js';

/**
 * The minimax (von Neumann) winner of a finite preference game: the policy π* with P(π* ≻ π) ≥ ½ for every π,
 * the row strategy of the symmetric zero-sum game P − ½ (whose value is 0). Needs `await loadLpSolver()` first.
 */
export function minimaxWinner(P: PreferenceMatrix): Float64Array {
  return solveZeroSum(preferenceRows(P).map((row) => row.map((p) => p - 0.5))).row;
}
