import type { Env } from '../core/env.js';
import { ConvergeError } from '../core/errors.js';

/** How messages name an environment: its registered id, else the class name of the innermost env. */
export function envName(env: Env<unknown, unknown>): string {
  // A hand-written env may lack `unwrapped` or `spec`; messages about it must still work.
  return env.spec?.id ?? (env.unwrapped ?? env).constructor.name;
}

/**
 * Puts `name` in front of a converge-rl error's message unless the message already names it, so an error thrown
 * deep inside an env (a bad kwarg, a bad action) still tells the user which registered id it came from. Other
 * errors are returned untouched.
 */
export function withEnvContext(err: unknown, name: string): unknown {
  if (!(err instanceof ConvergeError) || err.message.includes(name)) return err;
  const old = err.message;
  err.message = `${name}: ${old}`;
  // Node prints `stack` for an uncaught error, and it was captured with the old message.
  if (err.stack !== undefined) err.stack = err.stack.replace(old, err.message);
  return err;
}
