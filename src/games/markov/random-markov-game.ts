import { checkInteger } from '../../core/checks.js';
import { InvalidArgumentError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { TabularMarkovGame } from './markov-game.js';

/** Options of {@link randomMarkovGame}. */
export interface RandomMarkovGameOptions {
  readonly S: number;
  readonly numActions: readonly number[];
  readonly gamma: number;
  readonly seed: number;
  /** Two players with R_1 = −R_0; default false (independent rewards per player). */
  readonly zeroSum?: boolean;
  /** Steps after which a sampled episode is truncated; default none. */
  readonly horizon?: number;
}

/**
 * A random Markov game: each transition row P(·|s, a) is uniform on the simplex (Dirichlet(1), normalised
 * exponentials) and each reward R_i(s, a) uniform in [0, 1) (R_1 = −R_0 when zero-sum). The same seed gives the
 * same game.
 */
export function randomMarkovGame(o: RandomMarkovGameOptions): TabularMarkovGame {
  checkInteger('randomMarkovGame: S', o.S, 1);
  if (o.zeroSum && o.numActions.length !== 2) throw new InvalidArgumentError(`randomMarkovGame: a zero-sum game has 2 players, got ${o.numActions.length}`);
  const rng = new Rng(o.seed);
  const J = o.numActions.reduce((a, b) => a * b, 1);
  const P = new Float64Array(o.S * J * o.S);
  for (let row = 0; row < o.S * J; row++) {
    let total = 0;
    for (let s2 = 0; s2 < o.S; s2++) total += P[row * o.S + s2] = rng.exponential();
    for (let s2 = 0; s2 < o.S; s2++) P[row * o.S + s2]! /= total;
  }
  const players = o.zeroSum ? 1 : o.numActions.length;
  const R = Array.from({ length: players }, () => Float64Array.from({ length: o.S * J }, () => rng.random()));
  if (o.zeroSum) R.push((R[0] as Float64Array).map((r) => -r));
  const kind = o.zeroSum ? 'zero-sum' : 'general-sum';
  return new TabularMarkovGame({ S: o.S, numActions: o.numActions, P, R, gamma: o.gamma, ...(o.horizon === undefined ? {} : { horizon: o.horizon }), name: `RandomMarkovGame(${kind}, S=${o.S}, A=${o.numActions.join('x')}, seed=${o.seed})` });
}
