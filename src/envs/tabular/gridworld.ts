import { gridMDP } from './grid.js';
import type { TabularMDP } from './mdp.js';

/** Options of `gridWorld`. */
export interface GridWorldOptions {
  /** Rows of cells: `S` start, `F`/`.` free, `H` hole, `G` goal, `C` cliff, `#` wall. Default: a 4x4 room with one wall. */
  readonly map?: readonly string[];
  /** Probability of slipping to one of the two perpendicular directions; default 0. */
  readonly slip?: number;
  /** Reward for each move into a free cell; default 0. */
  readonly stepReward?: number;
  /** Default 1. */
  readonly goalReward?: number;
  /** Default 0. */
  readonly holeReward?: number;
  /** Default -1. */
  readonly cliffReward?: number;
  /** Default 0.95. */
  readonly gamma?: number;
  /** Episode step limit when sampled as an env; default none. */
  readonly horizon?: number;
}

/** The default GridWorld map. */
export const DEFAULT_GRID_MAP: readonly string[] = ['S...', '.#.H', '...#', 'H..G'];

/**
 * GridWorld: a configurable grid with slip.
 *
 * **Description.** The agent walks on a grid from a start cell to a goal; holes end the episode, cliffs send it
 * back to the start, walls block. **Action Space.** `Discrete(4)`: 0 left, 1 down, 2 right, 3 up (FrozenLake's
 * order). **Observation Space.** `Discrete(nrow·ncol)`, the cell `row * ncol + col`. **Rewards.** `goalReward`
 * on entering G, `holeReward` on entering H, `cliffReward` on entering C, `stepReward` otherwise.
 * **Starting State.** Uniform over the S cells. **Episode End.** Terminated on entering G or H; truncated at
 * `horizon` if given. **Arguments.** See `GridWorldOptions`. **Version History.** v0: first version.
 */
export function gridWorld(opts: GridWorldOptions = {}): TabularMDP {
  return gridMDP({
    map: opts.map ?? DEFAULT_GRID_MAP,
    actions: ['left', 'down', 'right', 'up'],
    slip: opts.slip ?? 0,
    stepReward: opts.stepReward ?? 0,
    goalReward: opts.goalReward ?? 1,
    holeReward: opts.holeReward ?? 0,
    cliffReward: opts.cliffReward ?? -1,
    gamma: opts.gamma ?? 0.95,
    ...(opts.horizon !== undefined ? { horizon: opts.horizon } : {}),
    name: 'GridWorld',
  });
}
