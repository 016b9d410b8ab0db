import { InvalidArgumentError } from '../../core/errors.js';
import type { Box, Space } from '../../core/spaces/index.js';

/** Returns `space` as a `Box`, or throws naming the wrapper, the space's role and what it got. */
export function requireBox(space: Space<unknown>, wrapper: string, role: 'observation' | 'action'): Box {
  // By kind, not instanceof: a user's env module may bring its own copy of the space classes (same fields).
  if (space.toJSON().type !== 'Box') {
    throw new InvalidArgumentError(`${wrapper}: needs a Box ${role} space, got ${String(space)}`);
  }
  return space as Box;
}
