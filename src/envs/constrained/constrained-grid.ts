import { InvalidArgumentError, describeValue } from '../../core/errors.js';
import { gridWorld } from '../tabular/gridworld.js';
import { TabularCMDP } from './tabular-cmdp.js';

/** Options of `constrainedGridWorld`. */
export interface ConstrainedGridWorldOptions {
  /** Rows of cells as `gridWorld`'s, plus `X` for a hazard cell (free, but entering it costs 1). */
  readonly map?: readonly string[];
  /** Budget on the discounted hazard cost; default 0.5. */
  readonly budget?: number;
  /** Probability of slipping to a perpendicular direction; default 0.1. */
  readonly slip?: number;
  /** Default 0.95. */
  readonly gamma?: number;
  /** Episode step limit when sampled; default 100. */
  readonly horizon?: number;
}

/** The default map: the straight path from S to G crosses the hazard band, the detour round it is 2 steps longer. */
export const DEFAULT_HAZARD_MAP: readonly string[] = ['.....', '.XXX.', 'SXXXG', '.....'];

/**
 * ConstrainedGridWorld: a gridworld whose short path crosses a hazard region.
 *
 * **Description.** The agent walks from S to the goal G; hazard cells X can be crossed but each entry costs 1, so
 * the budget trades the short path through the hazard against the detour round it (the optimum mixes the two).
 * **Action Space.** `Discrete(4)`: 0 left, 1 down, 2 right, 3 up. **Observation Space.** `Discrete(nrow·ncol)`.
 * **Rewards.** 1 on entering G, 0 otherwise. **Costs.** One constraint `hazard`: the expected number of hazard
 * entries of the step, c(s, a) = P(s' ∈ X | s, a); **budget** `budget` (default 0.5) on the discounted hazard cost
 * from the start (γ = `gamma`). **Starting State.** The S cell(s). **Episode End.** Terminated on entering G;
 * truncated at `horizon`. **Arguments.** See `ConstrainedGridWorldOptions`. **Version History.** v0: first version.
 */
export function constrainedGridWorld(opts: ConstrainedGridWorldOptions = {}): TabularCMDP {
  const map = opts.map ?? DEFAULT_HAZARD_MAP;
  if (!Array.isArray(map) || map.some((row) => typeof row !== 'string')) throw new InvalidArgumentError(`ConstrainedGridWorld: map must be a list of strings, got ${describeValue(map)}`);
  const hazard = map.flatMap((row) => Array.from(row, (c) => (c === 'X' ? 1 : 0)));
  const mdp = gridWorld({ map: map.map((row) => row.replaceAll('X', '.')), slip: opts.slip ?? 0.1, gamma: opts.gamma ?? 0.95, horizon: opts.horizon ?? 100 });
  const { S, A, P } = mdp;
  const cost = new Float64Array(S * A);
  for (let sa = 0; sa < S * A; sa++) {
    if (mdp.terminal[Math.floor(sa / A)] === 1) continue;
    for (let s2 = 0; s2 < S; s2++) cost[sa] = (cost[sa] as number) + (P[sa * S + s2] as number) * (hazard[s2] as number);
  }
  return new TabularCMDP({
    S,
    A,
    P,
    ...(mdp.Rsas ? { Rsas: mdp.Rsas } : { R: mdp.R }),
    gamma: mdp.gamma,
    mu0: mdp.mu0,
    terminal: mdp.terminal,
    ...(mdp.horizon !== undefined ? { horizon: mdp.horizon } : {}),
    costs: [cost],
    budgets: [opts.budget ?? 0.5],
    costNames: ['hazard'],
    name: 'ConstrainedGridWorld',
  });
}
