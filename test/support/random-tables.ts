import { Rng } from '../../src/core/rng.js';
import { TabularMDP } from '../../src/envs/tabular/mdp.js';

/** Random tables for tests. */

/** A random dense MDP with next-state rewards (so the expected reward moves with the kernel). */
export function randomMdp(rng: Rng, S: number, A: number, gamma = 0.9): TabularMDP {
  const P = new Float64Array(S * A * S);
  for (let sa = 0; sa < S * A; sa++) {
    let z = 0;
    for (let s2 = 0; s2 < S; s2++) z += P[sa * S + s2] = 0.05 + rng.random();
    for (let s2 = 0; s2 < S; s2++) P[sa * S + s2] = (P[sa * S + s2] as number) / z;
  }
  const Rsas = Float64Array.from({ length: S * A * S }, () => rng.random());
  return new TabularMDP({ S, A, P, Rsas, gamma });
}

/** A random policy table with every probability above 0. */
export function randomPolicy(rng: Rng, S: number, A: number): Float64Array {
  const pi = Float64Array.from({ length: S * A }, () => 0.1 + rng.random());
  for (let s = 0; s < S; s++) {
    let z = 0;
    for (let a = 0; a < A; a++) z += pi[s * A + a] as number;
    for (let a = 0; a < A; a++) pi[s * A + a] = (pi[s * A + a] as number) / z;
  }
  return pi;
}

