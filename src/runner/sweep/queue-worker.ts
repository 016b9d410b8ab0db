import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import { ConvergeError } from '../../core/errors.js';
import { packageNotebooksDir, resolveNotebookFile } from '../report/notebook-files.js';
import { checkTaskJobData, isTaskJobData, type TaskJobResult } from '../report/task-job.js';
import { TaskPool } from '../report/task-pool.js';
import { LocalPool } from './local-pool.js';
import { collectRunFiles, checkQueueJobData, type QueueJobResult } from './queue-job.js';
import { checkRedisReachable } from './redis-probe.js';
import type { RedisTarget } from './redis-url.js';
import { resolveJobConfig } from './sweep-file.js';
import type { ProgressIO } from './sweep-progress.js';

/** Options of `runQueueWorker`. */
export interface QueueWorkerOptions {
  readonly redis: RedisTarget;
  readonly queue: string;
  /** The only folder env modules are imported from; without it only registered env ids run. */
  readonly modulesDir?: string;
  /** The only folder notebooks' tasks are loaded from [the package's notebooks/]. */
  readonly notebooksDir?: string;
  /** The shared sweeps folder runs are written to; without it runs go to a local folder and their files back through Redis. */
  readonly runsDir?: string;
  /** Jobs run at once, each on its own thread. */
  readonly workers: number;
  /** How long a job's lock lasts without renewal (ms): a worker silent for this long is taken for dead. */
  readonly lockDurationMs: number;
  /** How often this worker looks for jobs whose worker died (ms). */
  readonly stalledIntervalMs: number;
  /** Times a job may be taken back from a dead worker before it fails. */
  readonly maxStalledCount: number;
  readonly io: ProgressIO;
  /** Stops the worker: running jobs stop between two steps and go back to the queue to resume elsewhere. */
  readonly signal: AbortSignal;
}

/**
 * `converge worker`: pulls sweep jobs and notebook-task jobs from the BullMQ queue and runs each on a thread of a
 * local pool, so this process's event loop stays free to renew the job locks. A sweep job is refused (failed without
 * retry) unless it names a registered algorithm, a registered env id or a module inside `modulesDir`, and a run path
 * inside the sweeps folder; a task job unless it names a notebook in `notebooksDir` and a key of its `tasks` table.
 * If this process dies, its jobs' locks lapse and another worker takes them up (a run from its last checkpoint, a
 * task from its start).
 */
export async function runQueueWorker(o: QueueWorkerOptions): Promise<void> {
  await checkRedisReachable(o.redis, o.queue);
  const root = o.runsDir !== undefined ? resolve(o.runsDir) : await mkdtemp(join(tmpdir(), 'converge-worker-'));
  const modulesDir = o.modulesDir === undefined ? undefined : resolve(o.modulesDir);
  const notebooksDir = resolve(o.notebooksDir ?? packageNotebooksDir());
  const pool = new LocalPool(o.workers);
  const tasks = new TaskPool(o.workers);
  const refuse = (job: Job, e: unknown): UnrecoverableError => {
    const msg = e instanceof Error ? e.message : String(e);
    o.io.err(`job ${job.id ?? '?'} refused: ${msg}\n`);
    return new UnrecoverableError(msg);
  };
  const taskProcessor = async (job: Job): Promise<TaskJobResult> => {
    let data;
    try {
      data = checkTaskJobData(job.data);
      resolveNotebookFile(notebooksDir, data.notebook);
    } catch (e) {
      throw refuse(job, e);
    }
    o.io.out(`job ${job.id ?? '?'}: task ${data.task} of notebook ${data.notebook} (attempt ${job.attemptsMade + 1})\n`);
    const { v: _v, kind: _kind, ...call } = data;
    const reply = await tasks.run({ notebooksDir, ...call });
    if ('refused' in reply) throw refuse(job, reply.refused);
    o.io.out(`job ${job.id ?? '?'}: ${'ok' in reply ? 'done' : `failed: ${reply.failed}`}\n`);
    if ('failed' in reply) throw new Error(reply.failed);
    return { result: reply.ok };
  };
  const processor = async (job: Job, token?: string): Promise<QueueJobResult | TaskJobResult> => {
    if (isTaskJobData(job.data)) return taskProcessor(job);
    let sweepJob;
    try {
      sweepJob = checkQueueJobData(job.data);
      resolveJobConfig(sweepJob.settings, modulesDir, `job ${job.id ?? '?'}`);
    } catch (e) {
      throw refuse(job, e);
    }
    o.io.out(`job ${job.id ?? '?'}: ${sweepJob.run} (attempt ${job.attemptsMade + 1})\n`);
    const outcome = await pool.run(sweepJob, root, modulesDir, { onStep: (_j, step) => void job.updateProgress({ step }).catch(() => undefined) });
    o.io.out(`job ${job.id ?? '?'}: ${outcome.status}${outcome.error !== undefined ? `: ${outcome.error}` : ''}\n`);
    if (outcome.status === 'failed') throw new Error(outcome.error ?? 'the run failed');
    if (outcome.status === 'interrupted') {
      // Stopped (Ctrl-C, SIGTERM): back to the queue without spending an attempt; the next worker resumes the run.
      await job.moveToWait(token);
      throw new WaitingError();
    }
    if (o.runsDir !== undefined) return outcome;
    // No shared folder: the files travel back through Redis and this copy goes (the sweep's copy is the record).
    const runDir = join(root, sweepJob.run);
    const files = await collectRunFiles(runDir);
    await rm(runDir, { recursive: true, force: true });
    return { ...outcome, files };
  };
  const worker = new Worker(o.queue, processor, {
    connection: o.redis.options,
    concurrency: o.workers,
    lockDuration: o.lockDurationMs,
    stalledInterval: o.stalledIntervalMs,
    maxStalledCount: o.maxStalledCount,
  });
  worker.on('error', (e) => o.io.err(`worker: ${e instanceof ConvergeError ? e.message : e.message}\n`));
  await worker.waitUntilReady();
  o.io.out(`worker on ${o.redis.redacted}, queue ${o.queue}: ${o.workers} thread${o.workers === 1 ? '' : 's'}, runs in ${root}${o.runsDir === undefined ? ' (sent back through Redis)' : ''}, notebook tasks from ${notebooksDir}\n`);
  await new Promise<void>((res) => (o.signal.aborted ? res() : o.signal.addEventListener('abort', () => res(), { once: true })));
  pool.abort();
  await worker.close();
  await Promise.all([pool.close(), tasks.close()]);
  // A local folder of our own (no shared one) holds nothing the sweep still needs once the worker stops.
  if (o.runsDir === undefined) await rm(root, { recursive: true, force: true });
}
