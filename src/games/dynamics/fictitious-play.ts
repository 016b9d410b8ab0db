import { checkInteger } from '../../core/checks.js';
import type { NormalFormGame } from '../normal-form/game.js';
import { bestResponse } from '../normal-form/payoffs.js';

/** Fictitious play's state: each player's empirical distribution of play after `t` rounds. */
export interface FictitiousPlayState {
  readonly beliefs: Float64Array[];
  readonly t: number;
}

/**
 * Simultaneous fictitious play (Brown 1951): every player best-responds (lowest index on ties) to the others'
 * empirical distributions, and each empirical distribution moves to (t·b + e_{a})/(t + 1).
 */
export function fictitiousPlayStep(game: NormalFormGame, s: FictitiousPlayState): FictitiousPlayState {
  checkInteger('fictitiousPlayStep: t', s.t, 1);
  const actions = s.beliefs.map((_, i) => bestResponse(game, s.beliefs, i).action);
  const beliefs = s.beliefs.map((b, i) => b.map((p, a) => (s.t * p + (a === actions[i] ? 1 : 0)) / (s.t + 1)));
  return { beliefs, t: s.t + 1 };
}
