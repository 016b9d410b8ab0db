import type { Piscina } from 'piscina';
import { threadPool } from '../thread-pool.js';
import type { TaskCall, TaskReply } from './task-call.js';

/** A pool of threads running notebook tasks (piscina), one task per thread at a time. */
export class TaskPool {
  private readonly pool: Piscina;

  constructor(readonly threads: number) {
    this.pool = threadPool(import.meta.url, 'task-thread', threads);
  }

  /** Runs `call` on a free thread (queued until one is). */
  async run(call: TaskCall): Promise<TaskReply> {
    return (await this.pool.run(call)) as TaskReply;
  }

  /** Stops the threads once their tasks are done. */
  async close(): Promise<void> {
    await this.pool.close();
  }
}

/** One pool per thread count, kept across a notebook's `runTasks` calls so threads (and tfjs) load once. */
const shared = new Map<number, TaskPool>();

/** The shared pool of `threads` threads, created on first use. */
export function sharedTaskPool(threads: number): TaskPool {
  let p = shared.get(threads);
  if (p === undefined) shared.set(threads, (p = new TaskPool(threads)));
  return p;
}

/** Closes the shared pools (after a reproduction; idle threads also stop by themselves after a second). */
export async function closeTaskPools(): Promise<void> {
  const pools = [...shared.values()];
  shared.clear();
  await Promise.all(pools.map((p) => p.close()));
}
