import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { RUN_FILES } from '../run-dir.js';
import { writeManifest, sweepProgress } from './local-sweep.js';
import { queueJobId, writeRunFiles, type QueueJobData, type QueueJobResult } from './queue-job.js';
import { checkRedisReachable } from './redis-probe.js';
import type { RedisTarget } from './redis-url.js';
import { runJobIfFinished, type JobOutcome } from './run-job.js';
import type { Sweep } from './sweep-file.js';
import type { ProgressIO } from './sweep-progress.js';

/** Options of `runSweepQueue`. */
export interface QueueSweepOptions {
  readonly root: string;
  readonly redis: RedisTarget;
  readonly queue: string;
  /** Tries of a job that fails (a run that throws); a dead worker's job is taken back without using one. */
  readonly attempts: number;
  readonly io: ProgressIO;
  /** Stops following (the workers go on with the queued runs). */
  readonly signal?: AbortSignal;
}

function isResult(x: unknown): x is QueueJobResult {
  return typeof x === 'object' && x !== null && typeof (x as { status?: unknown }).status === 'string';
}

/**
 * `converge sweep --redis`: queues the runs not yet finished in the sweeps folder (a run already queued is not
 * queued again: its queue id is its settings hash), follows their progress on one display, and writes the files
 * of runs sent back by workers without the shared folder. Returns every job's outcome in the sweep's order.
 */
export async function runSweepQueue(sweep: Sweep, o: QueueSweepOptions): Promise<JobOutcome[]> {
  await checkRedisReachable(o.redis, o.queue);
  await writeManifest(sweep, o.root);
  const queue = new Queue<QueueJobData, QueueJobResult>(o.queue, { connection: o.redis.options });
  const events = new QueueEvents(o.queue, { connection: o.redis.options });
  const progress = sweepProgress(sweep, o.io);
  const byQueueId = new Map(sweep.jobs.map((j) => [queueJobId(sweep.name, j), j]));
  events.on('progress', ({ jobId, data }) => {
    const j = byQueueId.get(jobId);
    const step = (data as { step?: unknown } | null)?.step;
    if (j !== undefined && typeof step === 'number') progress.step(j.id, step);
  });
  queue.on('error', () => undefined);
  events.on('error', () => undefined);
  const stopped = new Promise<'stopped'>((res) => o.signal?.addEventListener('abort', () => res('stopped'), { once: true }));
  try {
    await events.waitUntilReady();
    return await Promise.all(
      sweep.jobs.map(async (job): Promise<JobOutcome> => {
        const runDir = join(o.root, job.run);
        const finished = runJobIfFinished(job, runDir);
        if (finished !== undefined) {
          progress.end(job, finished);
          return finished;
        }
        const qid = queueJobId(sweep.name, job);
        let queued = await queue.getJob(qid);
        const state = queued === undefined ? undefined : await queued.getState();
        // A run that finished while no sweep was following keeps its sent-back files in Redis for a while: use them.
        const sentBack = state === 'completed' && isResult(queued?.returnvalue) && queued.returnvalue.files !== undefined;
        if (queued !== undefined && !sentBack && (state === 'completed' || state === 'failed')) {
          await queued.remove();
          queued = undefined;
        }
        queued ??= await queue.add('run', { v: 1, job }, { jobId: qid, attempts: o.attempts, backoff: { type: 'fixed', delay: 500 }, removeOnComplete: { age: 3600 }, removeOnFail: { age: 86_400 } });
        let outcome: JobOutcome;
        try {
          const r = await Promise.race([queued.waitUntilFinished(events), stopped]);
          if (r === 'stopped') outcome = { id: job.id, status: 'interrupted', steps: 0 };
          else {
            if (isResult(r) && r.files !== undefined) await writeRunFiles(runDir, r.files);
            const { files: _files, ...rest } = isResult(r) ? r : { id: job.id, status: 'trained' as const, steps: 0 };
            outcome = existsSync(join(runDir, RUN_FILES.final)) ? rest : { ...rest, status: 'failed', error: `the worker finished but ${runDir} has no ${RUN_FILES.final}: is the sweeps folder shared with the workers (converge worker --runs)?` };
          }
        } catch (e) {
          outcome = { id: job.id, status: 'failed', steps: 0, error: e instanceof Error ? e.message : String(e) };
        }
        progress.end(job, outcome);
        return outcome;
      }),
    );
  } finally {
    progress.stop();
    await events.close();
    await queue.close();
  }
}
