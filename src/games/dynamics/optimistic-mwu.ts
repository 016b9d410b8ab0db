import type { NormalFormGame } from '../normal-form/game.js';
import { hedgeStep } from './hedge.js';
import { allActionValues } from './mwu.js';

/**
 * Optimistic Hedge: x'(i) ∝ x(i)·exp(η(2g_t(i) − g_{t−1}(i))), the gains extrapolated by their last change (Rakhlin &
 * Sridharan 2013; its last iterate converges in zero-sum games where plain Hedge cycles). Writes into `out` when given.
 */
export function optimisticHedgeStep(x: ArrayLike<number>, gains: ArrayLike<number>, previousGains: ArrayLike<number>, eta: number, out = new Float64Array(x.length)): Float64Array {
  return hedgeStep(x, Float64Array.from({ length: gains.length }, (_, i) => 2 * (gains[i] as number) - (previousGains[i] as number)), eta, out);
}

/** Optimistic MWU's state: the strategies and the gains each player saw at the previous step. */
export interface OptimisticMwuState {
  readonly profile: Float64Array[];
  readonly previousGains: Float64Array[];
}

/** The starting state: the previous gains are those at the start, so step one is plain MWU. */
export function optimisticMwuInit(game: NormalFormGame, profile: ReadonlyArray<ArrayLike<number>>): OptimisticMwuState {
  const copy = profile.map((x) => Float64Array.from(x));
  return { profile: copy, previousGains: allActionValues(game, copy) };
}

/** Optimistic MWU (Daskalakis & Panageas 2019) on a normal-form game: every player takes an optimistic Hedge step. */
export function optimisticMwuStep(game: NormalFormGame, s: OptimisticMwuState, eta: number): OptimisticMwuState {
  const gains = allActionValues(game, s.profile);
  return { profile: gains.map((g, i) => optimisticHedgeStep(s.profile[i] as Float64Array, g, s.previousGains[i] as Float64Array, eta)), previousGains: gains };
}
