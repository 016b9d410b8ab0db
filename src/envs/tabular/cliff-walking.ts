import { gridMDP } from './grid.js';
import type { TabularMDP } from './mdp.js';

/** Gymnasium's CliffWalking layout: 4x12, start bottom-left, goal bottom-right, cliff between. */
export const CLIFF_WALKING_MAP: readonly string[] = ['............', '............', '............', 'SCCCCCCCCCCG'];

/** Options of `cliffWalking`. */
export interface CliffWalkingOptions {
  /** Probability of slipping (wind) to one of the two perpendicular directions; 0 (default) is Gymnasium's v0. */
  readonly slip?: number;
  /** Discount of the exact solutions; default 0.99. */
  readonly gamma?: number;
  /** Episode step limit of the bare MDP; default none (Gymnasium's v0 has none). */
  readonly horizon?: number;
}

/**
 * CliffWalking-v0 (Sutton & Barto, Example 6.6; Gymnasium toy text), with an optional slip.
 *
 * **Description.** Walk along a cliff from S to G on a 4x12 grid. **Action Space.** `Discrete(4)`: 0 up, 1 right,
 * 2 down, 3 left (Gymnasium's order). **Observation Space.** `Discrete(48)`, `row * 12 + col`. **Rewards.** -1
 * per step (the step into G included), -100 for stepping into the cliff, which sends the agent back to S without
 * ending the episode. **Starting State.** 36 (S). **Episode End.** Terminated on reaching G (47).
 * **Arguments.** `slip` (our stochastic variant: with probability `slip` the wind pushes the agent to a
 * perpendicular direction instead, each w.p. slip/2), `gamma`, `horizon`. **Version History.** v0: Gymnasium's
 * layout and rewards.
 */
export function cliffWalking(opts: CliffWalkingOptions = {}): TabularMDP {
  return gridMDP({
    map: CLIFF_WALKING_MAP,
    actions: ['up', 'right', 'down', 'left'],
    slip: opts.slip ?? 0,
    stepReward: -1,
    goalReward: -1,
    holeReward: 0,
    cliffReward: -100,
    gamma: opts.gamma ?? 0.99,
    ...(opts.horizon !== undefined ? { horizon: opts.horizon } : {}),
    name: 'CliffWalking',
  });
}

/** Options of `stochasticCliffWalking`. */
export interface StochasticCliffWalkingOptions {
  /** Probability that the move goes to a uniformly random neighbour instead (the intended one included); default 0.1. */
  readonly slip?: number;
  /** The layout, cells as in `CLIFF_WALKING_MAP` (`C` cliff); default that map. */
  readonly map?: readonly string[];
  /** Default 0.99. */
  readonly gamma?: number;
  /** Episode step limit of the bare MDP; default none. */
  readonly horizon?: number;
}

/**
 * A stochastic CliffWalking for risk-sensitive control (the setting of Yu & Ying, ICML 2023, §6).
 *
 * **Description.** Gymnasium's CliffWalking layout (or `map`), where each move slips to a uniformly random
 * neighbour with probability `slip`. **Action Space.** `Discrete(4)`: 0 up, 1 right, 2 down, 3 left.
 * **Observation Space.** `Discrete(rows·cols)`, `row * cols + col`. **Rewards.** −1 per step (the step into G
 * included), −100 for falling into the cliff. **Starting State.** S. **Episode End.** Terminated on reaching G.
 * A fall moves the agent into the cliff cell and its next step (any action, reward 0) back to S; Gymnasium's v0
 * returns it in the same step, where a fall and a bump at S would land on one state and share one mean reward,
 * hiding the cost distribution a risk measure needs. **Arguments.** See `StochasticCliffWalkingOptions`.
 * **Version History.** v0: first version.
 */
export function stochasticCliffWalking(opts: StochasticCliffWalkingOptions = {}): TabularMDP {
  return gridMDP({
    map: opts.map ?? CLIFF_WALKING_MAP,
    actions: ['up', 'right', 'down', 'left'],
    slip: opts.slip ?? 0.1,
    slipTo: 'any',
    cliff: 'visit',
    stepReward: -1,
    goalReward: -1,
    holeReward: -100,
    cliffReward: -100,
    gamma: opts.gamma ?? 0.99,
    ...(opts.horizon !== undefined ? { horizon: opts.horizon } : {}),
    name: 'StochasticCliffWalking',
  });
}
