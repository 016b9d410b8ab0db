import { Matrix, solve } from 'ml-matrix';
import { checkInteger } from '../../core/checks.js';
import { InvalidArgumentError } from '../../core/errors.js';
import { hedgeStep } from './hedge.js';
import { checkStepSize, initialStrategy, type OnlineLearner } from './hedge-learner.js';

/**
 * The stationary distribution p = pQ of a row-stochastic matrix Q (rows `Q[j]`), by a linear solve of
 * (Qᵀ − I)p = 0 with one equation replaced by Σp = 1; Hedge rows are positive, so p is unique.
 */
export function stationaryDistribution(Q: ReadonlyArray<ArrayLike<number>>): Float64Array {
  const n = Q.length;
  const M = Matrix.zeros(n, n);
  for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) M.set(k, j, (Q[j]![k] as number) - (j === k ? 1 : 0));
  for (let j = 0; j < n; j++) M.set(n - 1, j, 1);
  const rhs = Matrix.zeros(n, 1);
  rhs.set(n - 1, 0, 1);
  const p = Float64Array.from(solve(M, rhs).getColumn(0), (v) => Math.max(0, v));
  const total = p.reduce((a, b) => a + b, 0);
  return p.map((v) => v / total);
}

/**
 * One Blum–Mansour (2007) step over Hedge: copy j of the external-regret learner, responsible for the times the
 * master plays j, sees the gains scaled by p(j) and takes a Hedge step; the next strategy is the stationary
 * distribution of the copies' rows. Returns the new rows.
 */
export function blumMansourStep(Q: ReadonlyArray<ArrayLike<number>>, p: ArrayLike<number>, gains: ArrayLike<number>, eta: number): Float64Array[] {
  return Q.map((row, j) => hedgeStep(row, Float64Array.from(gains, (g) => (p[j] as number) * g), eta));
}

/**
 * A swap-regret learner over n actions (Blum–Mansour over Hedge): `strategy()` is the distribution to play,
 * `update(gains)` feeds the gains of the round. Its swap regret grows as O(n·√(T log n)) with a tuned η, so the
 * empirical joint play of such learners approaches the set of correlated equilibria.
 */
export class SwapRegretHedge implements OnlineLearner {
  private rows: Float64Array[];
  private p: Float64Array;

  /** `n` actions, Hedge step size `eta` > 0; every copy starts at `initial` (default uniform), and so does the strategy. */
  constructor(
    readonly n: number,
    readonly eta: number,
    initial?: ArrayLike<number>,
  ) {
    checkInteger('SwapRegretHedge: n', n, 1);
    checkStepSize('SwapRegretHedge', eta);
    const start = initialStrategy('SwapRegretHedge', n, initial);
    this.rows = Array.from({ length: n }, () => Float64Array.from(start));
    this.p = Float64Array.from(start);
  }

  /** The distribution to play this round (a copy). */
  strategy(): Float64Array {
    return Float64Array.from(this.p);
  }

  /** Feeds the gains of every action this round (−loss for losses) and moves to the next strategy. */
  update(gains: ArrayLike<number>): void {
    if (gains.length !== this.n) throw new InvalidArgumentError(`SwapRegretHedge.update: gains must have ${this.n} entries, got ${gains.length}`);
    this.rows = blumMansourStep(this.rows, this.p, gains, this.eta);
    this.p = stationaryDistribution(this.rows);
  }
}
