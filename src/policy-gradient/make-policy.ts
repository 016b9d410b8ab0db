import { InvalidArgumentError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import type { Space } from '../core/spaces/space.js';
import { CategoricalPolicy } from './categorical-policy.js';
import { GaussianPolicy } from './gaussian-policy.js';
import type { Policy, PolicyNetOptions } from './policy.js';

/** The number of entries of one member of a space of shape `shape`. */
const sizeOf = (space: Space<unknown>): number => space.shape.reduce((a, b) => a * b, 1);

/**
 * The flat observation length of a `Box`, with an error naming other spaces (a Discrete or MultiDiscrete
 * observation is one-hot encoded first: `OneHotObservation`, which the runner applies).
 */
export function obsDimOf(space: Space<unknown>): number {
  // By kind, not instanceof: a user's env module may bring its own copy of the space classes.
  const type = space.toJSON().type;
  if (type === 'Box') return sizeOf(space);
  const hint = type === 'Discrete' || type === 'MultiDiscrete' ? ' (one-hot encode it with the OneHotObservation wrapper)' : '';
  throw new InvalidArgumentError(`observation space ${space.toString()} is not supported; allowed: Box${hint}`);
}

/** A categorical policy for a `Discrete` action space (starting at 0), a diagonal Gaussian for a `Box`. */
export function makePolicy(obsSpace: Space<unknown>, actSpace: Space<unknown>, rng: Rng, opts: PolicyNetOptions = {}): Policy {
  const obsDim = obsDimOf(obsSpace);
  const act = actSpace.toJSON();
  if (act.type === 'Discrete' && act['start'] === 0) return new CategoricalPolicy(obsDim, act['n'] as number, rng, opts);
  if (act.type === 'Box') return new GaussianPolicy(obsDim, sizeOf(actSpace), rng, opts);
  throw new InvalidArgumentError(`action space ${actSpace.toString()} is not supported; allowed: Discrete(n) starting at 0, Box`);
}
