import type { Env } from '../core/env.js';

/** Whether `x` has the methods and spaces of an Env (a cheap shape test; `checkEnv` tests the behaviour). */
export function isEnvLike(x: unknown): x is Env<unknown, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const e = x as Record<string, unknown>;
  return typeof e.reset === 'function' && typeof e.step === 'function' && typeof e.close === 'function' && e.observationSpace !== undefined && e.actionSpace !== undefined;
}
