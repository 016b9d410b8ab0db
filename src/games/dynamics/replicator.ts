import type { NormalFormGame, Profile } from '../normal-form/game.js';
import { allActionValues } from './mwu.js';

/**
 * One Euler step of the replicator dynamics ẋ_i(a) = x_i(a)(u_i(a, x_−i) − u_i(x)) for every player at once; the
 * step keeps each strategy summing to 1 and stays in the simplex while h·(max gain gap) < 1.
 */
export function replicatorStep(game: NormalFormGame, profile: Profile, h: number): Float64Array[] {
  return allActionValues(game, profile).map((u, i) => {
    const x = profile[i] as ArrayLike<number>;
    let mean = 0;
    for (let a = 0; a < u.length; a++) mean += (x[a] as number) * (u[a] as number);
    return Float64Array.from({ length: u.length }, (_, a) => (x[a] as number) * (1 + h * ((u[a] as number) - mean)));
  });
}
