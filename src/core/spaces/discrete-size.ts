import type { Space } from './space.js';

/**
 * n of a `Discrete(n)` space starting at 0 (a tabular index), else undefined. Read from the space's JSON form, not
 * `instanceof`: a user's env module may bring its own copy of the space classes.
 */
export function discreteSize(space: Space<unknown>): number | undefined {
  const j = space.toJSON() as { type?: unknown; n?: unknown; start?: unknown };
  return j.type === 'Discrete' && j.start === 0 && typeof j.n === 'number' ? j.n : undefined;
}
