import { InvalidArgumentError, describeValue } from '../../core/errors.js';
import { make, type MakeOptions } from '../registry.js';
import { SyncVectorEnv } from './sync-vector-env.js';

/** `n` copies of the registered env `id`, each built by `make(id, kwargs, options)`, stepped by a `SyncVectorEnv`. */
export function makeVec<Act extends Float32Array | Int32Array = Float32Array | Int32Array>(
  id: string,
  n: number,
  kwargs: Readonly<Record<string, unknown>> = {},
  options: MakeOptions = {},
): SyncVectorEnv<Act> {
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError(`makeVec("${id}"): n is ${describeValue(n)}, must be a positive integer number of copies`);
  }
  return new SyncVectorEnv<Act>(Array.from({ length: n }, () => () => make(id, kwargs, options)));
}
