import type { MessagePort } from 'node:worker_threads';
import { runJob, type JobOutcome } from './run-job.js';
import type { SweepJob } from './sweep-file.js';

/** A task of the pool: one job, where it runs, and a port for its progress (out) and an abort request (in). */
export interface PoolTask {
  readonly job: SweepJob;
  readonly root: string;
  readonly modulesDir?: string;
  readonly port: MessagePort;
}

/** A message on a task's port: the thread says it started and reports steps; the sweep asks it to stop. */
export type PoolMessage = { readonly started: true } | { readonly step: number } | { readonly abort: true };

/**
 * Runs one job in a pool thread. Errors come back as a 'failed' outcome with their message, since an Error's class
 * does not survive the crossing between threads.
 */
export default async function runPoolTask(task: PoolTask): Promise<JobOutcome> {
  const ac = new AbortController();
  task.port.on('message', (m: PoolMessage) => {
    if ('abort' in m) ac.abort();
  });
  task.port.postMessage({ started: true } satisfies PoolMessage);
  try {
    return await runJob(task.job, {
      root: task.root,
      ...(task.modulesDir !== undefined && { modulesDir: task.modulesDir }),
      onStep: (step) => task.port.postMessage({ step } satisfies PoolMessage),
      signal: ac.signal,
    });
  } catch (e) {
    return { id: task.job.id, status: 'failed', steps: 0, error: e instanceof Error ? e.message : String(e) };
  } finally {
    task.port.close();
  }
}
