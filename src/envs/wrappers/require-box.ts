import { InvalidArgumentError } from '../../core/errors.js';
import { Box, type Space } from '../../core/spaces/index.js';

/** Returns `space` as a `Box`, or throws naming the wrapper, the space's role and what it got. */
export function requireBox(space: Space<unknown>, wrapper: string, role: 'observation' | 'action'): Box {
  if (!(space instanceof Box)) {
    throw new InvalidArgumentError(`${wrapper}: needs a Box ${role} space, got ${String(space)}`);
  }
  return space;
}
