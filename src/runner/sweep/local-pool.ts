import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { InvalidArgumentError } from '../../core/errors.js';
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
  private readonly channels = new Set<MessageChannel>();

  constructor(readonly workers: number = availableParallelism()) {
    if (!Number.isSafeInteger(workers) || workers < 1) throw new InvalidArgumentError(`workers is ${workers}; it must be an integer >= 1`);
    // Under tsx the worker is this folder's .ts file; compiled, its .js file.
    const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
    this.pool = new Piscina({
      filename: new URL(`./pool-worker.${ext}`, import.meta.url).href,
      minThreads: 0,
      maxThreads: workers,
      idleTimeout: 1000,
      atomics: 'disabled',
    });
  }

  /** Runs `job` on a free thread (queued until one is), its run directory under `root`. */
  async run(job: SweepJob, root: string, modulesDir: string | undefined, cb: PoolCallbacks = {}): Promise<JobOutcome> {
    const channel = new MessageChannel();
    this.channels.add(channel);
    let reported = -Infinity;
    channel.port1.on('message', (m: PoolMessage) => {
      if ('step' in m && m.step - reported >= PROGRESS_EVERY) {
        reported = m.step;
        cb.onStep?.(job, m.step);
      }
    });
    const task: PoolTask = { job, root, ...(modulesDir !== undefined && { modulesDir }), port: channel.port2 };
    try {
      return (await this.pool.run(task, { transferList: [channel.port2] })) as JobOutcome;
    } finally {
      channel.port1.close();
      this.channels.delete(channel);
    }
  }

  /** Asks every running job to stop between two steps; each keeps its last checkpoint and reports 'interrupted'. */
  abort(): void {
    for (const c of this.channels) c.port1.postMessage({ abort: true } satisfies PoolMessage);
  }

  /** Stops the threads once their jobs are done. */
  async close(): Promise<void> {
    await this.pool.close();
  }
}
