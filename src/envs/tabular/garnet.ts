import { InvalidArgumentError, describeValue } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { TabularMDP } from './mdp.js';

/** Options of `garnet`. */
export interface GarnetOptions {
  /** Number of states. */
  readonly S: number;
  /** Number of actions. */
  readonly A: number;
  /** Next states per (s, a), in [1, S]. */
  readonly branching: number;
  /** Seed of the generator (or an `Rng` to draw from). */
  readonly seed: number | Rng;
  /** Default 0.9. */
  readonly gamma?: number;
  /** Episode step limit when sampled as an env; default none (continuing). */
  readonly horizon?: number;
}

/**
 * GARNET(S, A, branching): a random MDP (Archibald, McKinnon & Thomas 1995; Bhatnagar et al. 2009).
 *
 * **Description.** Each (s, a) leads to `branching` distinct next states drawn uniformly without replacement, with
 * probabilities given by the gaps between `branching - 1` sorted uniform cut points of [0, 1]. **Action Space.**
 * `Discrete(A)`. **Observation Space.** `Discrete(S)`. **Rewards.** R(s, a) ~ U[0, 1), fixed at generation.
 * **Starting State.** Uniform. **Episode End.** None (continuing); truncated at `horizon` if given.
 * **Arguments.** See `GarnetOptions`; the same seed gives the same MDP. **Version History.** v0: first version.
 */
export function garnet(opts: GarnetOptions): TabularMDP {
  const { S, A, branching } = opts;
  for (const [k, v] of [['S', S], ['A', A]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new InvalidArgumentError(`garnet: ${k} must be a positive integer, got ${describeValue(v)}`);
  }
  if (!Number.isInteger(branching) || branching < 1 || branching > S) {
    throw new InvalidArgumentError(`garnet: branching must be an integer in [1, S=${S}], got ${describeValue(branching)}`);
  }
  const rng = typeof opts.seed === 'number' ? new Rng(opts.seed) : opts.seed;
  const P = new Float64Array(S * A * S);
  const R = new Float64Array(S * A);
  const states = Int32Array.from({ length: S }, (_, i) => i);
  const cuts = new Float64Array(branching + 1);
  for (let sa = 0; sa < S * A; sa++) {
    // Partial Fisher-Yates: the first `branching` entries become a uniform sample without replacement.
    for (let i = 0; i < branching; i++) {
      const j = rng.integer(i, S);
      const t = states[i] as number;
      states[i] = states[j] as number;
      states[j] = t;
    }
    cuts[0] = 0;
    for (let i = 1; i < branching; i++) cuts[i] = rng.random();
    cuts[branching] = 1;
    cuts.subarray(1, branching).sort();
    for (let i = 0; i < branching; i++) P[sa * S + (states[i] as number)] = (cuts[i + 1] as number) - (cuts[i] as number);
    R[sa] = rng.random();
  }
  return new TabularMDP({ S, A, P, R, gamma: opts.gamma ?? 0.9, name: `GARNET(${S}, ${A}, ${branching})`, ...(opts.horizon !== undefined ? { horizon: opts.horizon } : {}) });
}
