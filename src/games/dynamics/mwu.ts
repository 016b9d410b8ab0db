import type { NormalFormGame, Profile } from '../normal-form/game.js';
import { actionValues } from '../normal-form/payoffs.js';
import { hedgeStep } from './hedge.js';

/** Every player's payoff per action against the others' strategies: the gains the learning dynamics feed on. */
export function allActionValues(game: NormalFormGame, profile: Profile): Float64Array[] {
  return profile.map((_, i) => actionValues(game, profile, i));
}

/** Multiplicative weights on a normal-form game: every player takes a Hedge step on its action values, simultaneously. */
export function mwuStep(game: NormalFormGame, profile: Profile, eta: number): Float64Array[] {
  return allActionValues(game, profile).map((gains, i) => hedgeStep(profile[i] as ArrayLike<number>, gains, eta));
}
