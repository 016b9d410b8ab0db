/**
 * The unit of work of a reproduction: a task function a notebook exports by name in its `tasks` table, called with
 * plain-data arguments (JSON values, plus NaN and ±Infinity). A task is a pure function of its arguments (each seed
 * draws from its own stream), so the results do not depend on where or in which order tasks run.
 *
 * @example
 * // in notebooks/my-paper.ts
 * export const tasks = { curve: async (a: { seed: number }) => trainOneSeed(a.seed) };
 * export async function reproduce(opts: ReproduceOptions) {
 *   const curves = await runTasks(opts, import.meta.url, 'curve', [0, 1, 2].map((seed) => ({ seed })));
 * }
 */
import { InvalidArgumentError } from '../../core/errors.js';
import type { ReproduceOptions } from './notebook.js';

/** A notebook's table of task functions, exported as `tasks`. */
export type NotebookTasks = Readonly<Record<string, (args: never) => unknown>>;

/** Loads `tasks[name]` from the notebook module at `moduleUrl`, or throws naming the module and the known tasks. */
export async function loadTask(moduleUrl: string, name: string): Promise<(args: unknown) => unknown> {
  const mod = (await import(moduleUrl)) as { tasks?: NotebookTasks };
  const fn = mod.tasks?.[name];
  if (typeof fn !== 'function') {
    const known = Object.keys(mod.tasks ?? {});
    throw new InvalidArgumentError(`notebook ${moduleUrl} has no task ${JSON.stringify(name)} in its exported tasks; known: ${known.length > 0 ? known.join(', ') : 'none'}`);
  }
  return fn as (args: unknown) => unknown;
}

/**
 * Runs the notebook's task `name` once per element of `argsList` and returns the results in the same order. Serial
 * in this process for now; a pool (`opts.workers`) or a Redis queue (`opts.redis`) gives the same results.
 */
export async function runTasks<A, R>(opts: ReproduceOptions, moduleUrl: string, name: string, argsList: readonly A[]): Promise<R[]> {
  const fn = await loadTask(moduleUrl, name);
  const out: R[] = [];
  for (const args of argsList) out.push((await fn(args)) as R);
  return out;
}
