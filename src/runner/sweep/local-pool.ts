import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import type { Piscina } from 'piscina';
import { threadPool } from '../thread-pool.js';
import type { PoolMessage, PoolTask } from './pool-worker.js';
import type { JobOutcome } from './run-job.js';
import type { SweepJob } from './sweep-file.js';

/** Steps a thread may go between two progress messages, at most (it also reports every evaluation's step). */
const PROGRESS_EVERY = 250;

/** What a job run on the pool reports as it goes. */
export interface PoolCallbacks {
  onStep?(job: SweepJob, step: number): void;
}

/**
 * A pool of worker threads (piscina), one run per thread at a time. Threads rather than processes: each thread has
 * its own module graph, so its own tfjs engine and backend, and a run's numbers depend on its seed alone, as in a
 * serial run; a thread starts in a fraction of a process's time and shares nothing mutable with the others.
 */
export class LocalPool {
  private readonly pool: Piscina;
  /** The jobs given to the pool and not yet ended: their port, whether a thread took them, and their cancel switch. */
  private readonly tasks = new Set<{ channel: MessageChannel; started: boolean; cancel: AbortController }>();

  constructor(readonly workers: number = availableParallelism()) {
    this.pool = threadPool(import.meta.url, 'pool-worker', workers);
  }

  /** Runs `job` on a free thread (queued until one is), its run directory under `root`. */
  async run(job: SweepJob, root: string, modulesDir: string | undefined, cb: PoolCallbacks = {}): Promise<JobOutcome> {
    const entry = { channel: new MessageChannel(), started: false, cancel: new AbortController() };
    this.tasks.add(entry);
    let reported = -Infinity;
    entry.channel.port1.on('message', (m: PoolMessage) => {
      if ('started' in m) entry.started = true;
      else if ('step' in m && m.step - reported >= PROGRESS_EVERY) {
        reported = m.step;
        cb.onStep?.(job, m.step);
      }
    });
    const task: PoolTask = { job, root, ...(modulesDir !== undefined && { modulesDir }), port: entry.channel.port2 };
    try {
      return (await this.pool.run(task, { transferList: [entry.channel.port2], signal: entry.cancel.signal })) as JobOutcome;
    } catch (e) {
      if (entry.cancel.signal.aborted) return { id: job.id, status: 'interrupted', steps: 0 };
      throw e;
    } finally {
      entry.channel.port1.close();
      this.tasks.delete(entry);
    }
  }

  /**
   * Stops every job: a running one between two steps (it keeps its last checkpoint), a queued one before it starts;
   * each reports 'interrupted'.
   */
  abort(): void {
    for (const t of this.tasks) {
      if (t.started) t.channel.port1.postMessage({ abort: true } satisfies PoolMessage);
      else t.cancel.abort();
    }
  }

  /** Stops the threads once their jobs are done. */
  async close(): Promise<void> {
    await this.pool.close();
  }
}
