import { InvalidArgumentError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { Box } from '../core/spaces/box.js';
import { Discrete } from '../core/spaces/discrete.js';
import type { Space } from '../core/spaces/space.js';
import { CategoricalPolicy } from './categorical-policy.js';
import { GaussianPolicy } from './gaussian-policy.js';
import type { Activation } from './mlp.js';
import type { Policy } from './policy.js';

/** Network options shared by the policy factories. */
export interface PolicyNetOptions {
  readonly hidden?: readonly number[];
  readonly activation?: Activation;
}

/** The flat observation length of a `Box` (or 1 for a `Discrete`), with an error naming other spaces. */
export function obsDimOf(space: Space<unknown>): number {
  if (space instanceof Box) return space.size;
  if (space instanceof Discrete) return 1;
  throw new InvalidArgumentError(`observation space ${space.toString()} is not supported; allowed: Box, Discrete`);
}

/** A categorical policy for a `Discrete` action space, a diagonal Gaussian for a `Box`. */
export function makePolicy(obsSpace: Space<unknown>, actSpace: Space<unknown>, rng: Rng, opts: PolicyNetOptions = {}): Policy {
  const obsDim = obsDimOf(obsSpace);
  if (actSpace instanceof Discrete) return new CategoricalPolicy(obsDim, actSpace.n, rng, opts);
  if (actSpace instanceof Box) return new GaussianPolicy(obsDim, actSpace.size, rng, opts);
  throw new InvalidArgumentError(`action space ${actSpace.toString()} is not supported; allowed: Discrete, Box`);
}
