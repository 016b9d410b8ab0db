import { InvalidArgumentError } from '../../core/errors.js';
import { gridMDP } from './grid.js';
import type { TabularMDP } from './mdp.js';

/** Gymnasium's FrozenLake maps. */
export const FROZEN_LAKE_MAPS: Readonly<Record<'4x4' | '8x8', readonly string[]>> = {
  '4x4': ['SFFF', 'FHFH', 'FFFH', 'HFFG'],
  '8x8': ['SFFFFFFF', 'FFFFFFFF', 'FFFHFFFF', 'FFFFFHFF', 'FFFHFFFF', 'FHHFFFHF', 'FHFFHFHF', 'FFFHFFFG'],
};

/** Options of `frozenLake` (Gymnasium's kwargs, camel-cased). */
export interface FrozenLakeOptions {
  /** '4x4' (default) or '8x8'. */
  readonly mapName?: '4x4' | '8x8';
  /** A custom map (overrides `mapName`). */
  readonly desc?: readonly string[];
  /** Default true: the intended direction w.p. 1/3, each perpendicular w.p. 1/3. */
  readonly isSlippery?: boolean;
  /** Discount of the exact solutions; default 0.99. */
  readonly gamma?: number;
  /** Episode step limit of the bare MDP; `make` adds the TimeLimit instead. */
  readonly horizon?: number;
}

/**
 * FrozenLake-v1 (Gymnasium toy text).
 *
 * **Description.** Cross a frozen lake from start S to goal G without falling into a hole H; the ice is slippery.
 * **Action Space.** `Discrete(4)`: 0 left, 1 down, 2 right, 3 up. **Observation Space.** `Discrete(nrow·ncol)`,
 * `row * ncol + col`. **Rewards.** 1 on reaching G, 0 otherwise. **Starting State.** Cell 0 (S).
 * **Episode End.** Terminated on entering H or G; registered with Gymnasium's limits: 100 steps (FrozenLake-v1), 200 (FrozenLake8x8-v1).
 * **Arguments.** `mapName`, `desc`, `isSlippery` (slippery: intended direction w.p. 1/3, each perpendicular
 * w.p. 1/3, as Gymnasium), `gamma`. **Version History.** v1: Gymnasium's v1 dynamics.
 */
export function frozenLake(opts: FrozenLakeOptions = {}): TabularMDP {
  const mapName = opts.mapName ?? '4x4';
  if (!(mapName in FROZEN_LAKE_MAPS)) throw new InvalidArgumentError(`FrozenLake: map_name must be '4x4' or '8x8', got ${JSON.stringify(mapName)}`);
  return gridMDP({
    map: opts.desc ?? FROZEN_LAKE_MAPS[mapName],
    actions: ['left', 'down', 'right', 'up'],
    slip: (opts.isSlippery ?? true) ? 2 / 3 : 0,
    stepReward: 0,
    goalReward: 1,
    holeReward: 0,
    cliffReward: 0,
    gamma: opts.gamma ?? 0.99,
    ...(opts.horizon !== undefined ? { horizon: opts.horizon } : {}),
    name: 'FrozenLake',
  });
}
