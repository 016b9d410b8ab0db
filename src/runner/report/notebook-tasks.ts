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
import { basename, dirname, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { currentBackend } from '../../core/backend.js';
import { describeValue, InvalidArgumentError } from '../../core/errors.js';
import type { ReproduceOptions } from './notebook.js';
import { decodeTaskData, encodeTaskData } from './task-codec.js';
import { sharedTaskPool } from './task-pool.js';
import type { TaskReply } from './task-call.js';

/** A notebook's table of task functions, exported as `tasks`. */
export type NotebookTasks = Readonly<Record<string, (args: never) => unknown>>;

/** Loads `tasks[name]` from the notebook module at `moduleUrl`, or throws naming the module and the known tasks. */
export async function loadTask(moduleUrl: string, name: string): Promise<(args: unknown) => unknown> {
  const mod = (await import(moduleUrl)) as { tasks?: NotebookTasks };
  // Own keys only: a name like "toString" must not reach Object.prototype.
  const fn = mod.tasks !== undefined && Object.hasOwn(mod.tasks, name) ? mod.tasks[name] : undefined;
  if (typeof fn !== 'function') {
    const known = Object.keys(mod.tasks ?? {});
    throw new InvalidArgumentError(`notebook ${moduleUrl} has no task ${JSON.stringify(name)} in its exported tasks; known: ${known.length > 0 ? known.join(', ') : 'none'}`);
  }
  return fn as (args: unknown) => unknown;
}

/** The most threads `--workers` may ask for. */
export const MAX_WORKERS = 256;

/** Checks a worker count: an integer from 1 to MAX_WORKERS. */
export function checkWorkers(workers: unknown): number {
  if (typeof workers !== 'number' || !Number.isSafeInteger(workers) || workers < 1 || workers > MAX_WORKERS) {
    throw new InvalidArgumentError(`workers is ${describeValue(workers)}; it must be an integer from 1 to ${MAX_WORKERS}`);
  }
  return workers;
}

/** The result of a task run on a thread, or the error it ended with. */
function replyResult(reply: TaskReply, name: string, args: string): string {
  if ('ok' in reply) return reply.ok;
  if ('refused' in reply) throw new InvalidArgumentError(reply.refused);
  throw new Error(`task ${name} with args ${args} failed on a worker thread: ${reply.failed}`);
}

/**
 * Runs the notebook's task `name` once per element of `argsList` and returns the results in the same order: in
 * this process one after another (`opts.workers` 1 or unset), on a pool of `opts.workers` threads, or on
 * `converge worker` processes through the Redis queue at `opts.redis` (which takes precedence over `workers`).
 * Arguments and results travel in their wire form (`encodeTaskData`) in every mode, so the results are the same,
 * bit for bit; equal arguments run once. Threads and workers use this process's tensor backend.
 */
export async function runTasks<A, R>(opts: ReproduceOptions, moduleUrl: string, name: string, argsList: readonly A[]): Promise<R[]> {
  const workers = opts.workers === undefined ? 1 : checkWorkers(opts.workers);
  // Loaded here in every mode, so an unknown task fails at once and alike.
  const fn = await loadTask(moduleUrl, name);
  const wire = argsList.map((a, i) => encodeTaskData(a, `args[${i}] of task ${name}`));
  const unique = [...new Set(wire)];
  const file = fileURLToPath(moduleUrl);
  const notebook = basename(file, extname(file));
  const backend = currentBackend();
  let results: string[];
  if (opts.redis !== undefined) {
    // The queue modules load bullmq (about a second): only a run with --redis imports them.
    const { runTasksOnQueue } = await import('./queue-tasks.js');
    results = await runTasksOnQueue(opts.redis, { notebook, task: name, ...(backend !== undefined && { backend }) }, unique);
  } else if (workers > 1) {
    const pool = sharedTaskPool(workers);
    const base = { notebooksDir: dirname(file), notebook, task: name, ...(backend !== undefined && { backend }) };
    results = await Promise.all(unique.map(async (args) => replyResult(await pool.run({ ...base, args }), name, args)));
  } else {
    results = [];
    for (const args of unique) results.push(encodeTaskData(await fn(decodeTaskData(args)), `result of task ${name}`));
  }
  const byArgs = new Map(unique.map((a, i) => [a, results[i] as string]));
  return wire.map((a) => decodeTaskData(byArgs.get(a) as string) as R);
}
