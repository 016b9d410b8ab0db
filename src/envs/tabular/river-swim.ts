import { InvalidArgumentError, describeValue } from '../../core/errors.js';
import { TabularMDP } from './mdp.js';

/** Options of `riverSwim`. */
export interface RiverSwimOptions {
  /** Number of states, at least 2; default 6 (Strehl & Littman 2008). */
  readonly n?: number;
  /** Default 0.95. */
  readonly gamma?: number;
  /** Episode step limit when sampled as an env; default none (continuing). */
  readonly horizon?: number;
}

/**
 * RiverSwim (Strehl & Littman 2008), the standard hard-exploration chain.
 *
 * **Description.** A chain of n states along a river. Swimming left (with the current) always succeeds; swimming
 * right (against it) moves right w.p. 0.35, stays w.p. 0.6 and drifts left w.p. 0.05 in the middle, moves right
 * w.p. 0.4 (else stays) at the left bank and stays w.p. 0.6 (else drifts left) at the right end.
 * **Action Space.** `Discrete(2)`: 0 left, 1 right. **Observation Space.** `Discrete(n)`.
 * **Rewards.** 0.005 for swimming left at state 0, 1 for swimming right at state n-1, 0 otherwise.
 * **Starting State.** 0 or 1, uniformly. **Episode End.** None (continuing); truncated at `horizon` if given.
 * **Arguments.** `n`, `gamma`, `horizon`. **Version History.** v0: first version.
 */
export function riverSwim(opts: RiverSwimOptions = {}): TabularMDP {
  const n = opts.n ?? 6;
  if (!Number.isInteger(n) || n < 2) throw new InvalidArgumentError(`RiverSwim: n must be an integer >= 2, got ${describeValue(n)}`);
  const S = n;
  const A = 2;
  const P = new Float64Array(S * A * S);
  const R = new Float64Array(S * A);
  const p = (s: number, a: number, s2: number, prob: number) => {
    P[(s * A + a) * S + s2] += prob;
  };
  for (let s = 0; s < S; s++) {
    p(s, 0, Math.max(s - 1, 0), 1);
    if (s === 0) {
      p(s, 1, 1, 0.4);
      p(s, 1, 0, 0.6);
    } else if (s === S - 1) {
      p(s, 1, s, 0.6);
      p(s, 1, s - 1, 0.4);
    } else {
      p(s, 1, s + 1, 0.35);
      p(s, 1, s, 0.6);
      p(s, 1, s - 1, 0.05);
    }
  }
  R[0] = 0.005;
  R[(S - 1) * A + 1] = 1;
  const mu0 = new Float64Array(S);
  mu0[0] = 0.5;
  mu0[1] = 0.5;
  return new TabularMDP({ S, A, P, R, gamma: opts.gamma ?? 0.95, mu0, name: 'RiverSwim', ...(opts.horizon !== undefined ? { horizon: opts.horizon } : {}) });
}
