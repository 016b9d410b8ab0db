import { InvalidArgumentError, StateError, describeValue } from '../../core/errors.js';

/**
 * The seed of copy 0 for a vector reset (copy i gets it + i): the one given; else 0 on the first reset, so the copies
 * start on different streams; else none, so each copy's stream continues. `who` names the vector env in errors.
 */
export function vectorResetSeed(who: string, seed: number | undefined, started: boolean): number | undefined {
  const s = seed ?? (started ? undefined : 0);
  if (s !== undefined && !Number.isSafeInteger(s)) throw new InvalidArgumentError(`${who}: seed is ${describeValue(s)}, must be an integer`);
  return s;
}

/** Checks a vector step: after a reset, with one typed array of `numEnvs × actionSize` actions. */
export function checkVectorStep(who: string, started: boolean, actions: unknown, numEnvs: number, actionSize: number): void {
  if (!started) throw new StateError(`${who}: step() was called before reset(); call reset() first`);
  const expected = numEnvs * actionSize;
  if (!ArrayBuffer.isView(actions) || (actions as unknown as ArrayLike<number>).length !== expected) {
    throw new InvalidArgumentError(`${who}: actions ${describeValue(actions)} must be a typed array of ${expected} entries (${numEnvs} copies x ${actionSize})`);
  }
}
