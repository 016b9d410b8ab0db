import { InvalidArgumentError, describeValue } from '../../core/errors.js';

/** How far P(y ≻ y′) + P(y′ ≻ y) may stray from 1 (round-off of a link function, not a modelling slack). */
export const COMPLEMENT_TOLERANCE = 1e-9;

/**
 * A preference over a finite set of responses: `probs[i * size + j]` = P(y_i ≻ y_j), with entries in [0, 1],
 * P(y_i ≻ y_j) + P(y_j ≻ y_i) = 1 and so ½ on the diagonal. Build one with `preferenceMatrix`, which checks this.
 */
export interface PreferenceMatrix {
  readonly size: number;
  readonly probs: Float64Array;
}

/**
 * Checks and packs a square matrix of preference probabilities. A non-complementary pair is an error naming it,
 * e.g. `P(y0 ≻ y1) + P(y1 ≻ y0) = 1.2`.
 */
export function preferenceMatrix(rows: ReadonlyArray<ArrayLike<number>>, name = 'preferenceMatrix'): PreferenceMatrix {
  const n = rows.length;
  if (n === 0) throw new InvalidArgumentError(`${name}: needs at least one response, got an empty matrix`);
  const probs = new Float64Array(n * n);
  rows.forEach((row, i) => {
    if (row.length !== n) throw new InvalidArgumentError(`${name}: row ${i} has ${row.length} entries, expected ${n} (a square matrix)`);
    for (let j = 0; j < n; j++) {
      const p = row[j] as number;
      if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
        throw new InvalidArgumentError(`${name}: P(y${i} ≻ y${j}) must be in [0, 1], got ${describeValue(p)}`);
      }
      probs[i * n + j] = p;
    }
  });
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const sum = probs[i * n + j]! + probs[j * n + i]!;
      if (Math.abs(sum - 1) > COMPLEMENT_TOLERANCE) {
        const what = i === j ? `P(y${i} ≻ y${i}) must be 0.5` : `P(y${i} ≻ y${j}) + P(y${j} ≻ y${i}) must be 1`;
        throw new InvalidArgumentError(`${name}: ${what}, got ${describeValue(probs[i * n + j])} + ${describeValue(probs[j * n + i])} = ${describeValue(sum)}`);
      }
    }
  }
  return { size: n, probs };
}

/** The rows of a preference matrix as plain arrays (for printing, or for the zero-sum solver). */
export function preferenceRows(P: PreferenceMatrix): number[][] {
  return Array.from({ length: P.size }, (_, i) => Array.from(P.probs.subarray(i * P.size, (i + 1) * P.size)));
}

/** Throws unless `pi` is a distribution over the matrix's responses. */
export function checkPolicy(name: string, P: PreferenceMatrix, pi: ArrayLike<number>): void {
  if (pi.length !== P.size) throw new InvalidArgumentError(`${name}: the policy must have ${P.size} entries, got ${pi.length}`);
  let total = 0;
  for (let i = 0; i < pi.length; i++) {
    if (!((pi[i] as number) >= 0)) throw new InvalidArgumentError(`${name}: policy entry ${i} must be >= 0, got ${describeValue(pi[i])}`);
    total += pi[i] as number;
  }
  if (Math.abs(total - 1) > 1e-6) throw new InvalidArgumentError(`${name}: the policy must sum to 1, got ${describeValue(total)}`);
}

/** P(y ≻ π) = Σ_y′ π(y′)·P(y ≻ y′) for every response y: each response's win rate against the policy π. */
export function winRates(P: PreferenceMatrix, pi: ArrayLike<number>, out = new Float64Array(P.size)): Float64Array {
  const n = P.size;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += P.probs[i * n + j]! * (pi[j] as number);
    out[i] = s;
  }
  return out;
}

/** P(π ≻ π′) = Σ π(y)·π′(y′)·P(y ≻ y′): the probability that a draw from π beats a draw from π′. */
export function policyWinRate(P: PreferenceMatrix, pi: ArrayLike<number>, opponent: ArrayLike<number>): number {
  const w = winRates(P, opponent);
  let s = 0;
  for (let i = 0; i < P.size; i++) s += (pi[i] as number) * w[i]!;
  return s;
}

/**
 * The gap max_y P(y ≻ π) − ½: how much the best response beats π by. It is ≥ 0, and 0 exactly at a minimax
 * (von Neumann) winner; it is the duality gap of the symmetric preference game, halved.
 */
export function preferenceGap(P: PreferenceMatrix, pi: ArrayLike<number>): number {
  checkPolicy('preferenceGap', P, pi);
  return Math.max(...winRates(P, pi)) - 0.5;
}
