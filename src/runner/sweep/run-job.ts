import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { StateError } from '../../core/errors.js';
import { RUN_FILES } from '../run-dir.js';
import { readRunConfig, resumeRun, train, type RunSummary } from '../run.js';
import type { MetricRecord } from '../sinks/metric-record.js';
import type { TrainConfig } from '../train-config.js';
import { checkRunPath } from './job-guard.js';
import { canonicalJson, resolveJobConfig, type SweepJob } from './sweep-file.js';

/** How a job ended: trained from the start, resumed from a checkpoint, skipped (already finished), interrupted, failed. */
export type JobStatus = 'trained' | 'resumed' | 'skipped' | 'interrupted' | 'failed';

/** What a job reports back to the sweep (plain data: it crosses threads and Redis). */
export interface JobOutcome {
  readonly id: string;
  readonly status: JobStatus;
  /** Environment steps of the run when it stopped. */
  readonly steps: number;
  /** Mean return of the final greedy evaluation, when the run finished. */
  readonly finalMean?: number;
  readonly error?: string;
}

/** Where a job runs: the folder of sweeps its run directory is under, and the env modules folder. */
export interface JobContext {
  readonly root: string;
  readonly modulesDir?: string;
  /** Called with the step count as the run goes (often; throttle on the other side if needed). */
  readonly onStep?: (step: number) => void;
  readonly signal?: AbortSignal;
}

/** The settings that decide a run's numbers: everything but the env path and the backend, which `train` resolves. */
function comparable(c: TrainConfig): string {
  const { env: _env, backend: _backend, ...rest } = c;
  return canonicalJson(rest);
}

function finalMean(runDir: string): number | undefined {
  const path = join(runDir, RUN_FILES.results);
  if (!existsSync(path)) return undefined;
  return (JSON.parse(readFileSync(path, 'utf8')) as { final?: { mean?: number } }).final?.mean;
}

/** The outcome of a job whose run directory holds a finished run ('skipped'), else undefined. */
export function runJobIfFinished(job: SweepJob, runDir: string): JobOutcome | undefined {
  if (!existsSync(join(runDir, RUN_FILES.final))) return undefined;
  return { id: job.id, status: 'skipped', steps: readRunConfig(runDir).steps, ...withMean(finalMean(runDir)) };
}

/**
 * Runs one job into `<root>/<job.run>/`: skips a finished run, resumes a partial one from its last checkpoint, and
 * otherwise trains it from the start (clearing a folder left before its first checkpoint). A folder holding another
 * run's settings is an error, never overwritten.
 */
export async function runJob(job: SweepJob, ctx: JobContext): Promise<JobOutcome> {
  const runDir = join(ctx.root, checkRunPath(job.run));
  const config = resolveJobConfig(job.settings, ctx.modulesDir, `run ${job.run}`);
  const sinks = () => [{ next: (r: MetricRecord) => ctx.onStep?.(r.step) }];
  const opts = { sinks, ...(ctx.signal && { signal: ctx.signal }) };
  let summary: RunSummary | undefined;
  let status: JobStatus;
  if (existsSync(join(runDir, RUN_FILES.config))) {
    const stored = readRunConfig(runDir);
    if (comparable(stored) !== comparable(config)) throw new StateError(`run directory ${runDir} holds a run with other settings; move it away or remove it`);
    const finished = runJobIfFinished(job, runDir);
    if (finished !== undefined) return finished;
  }
  if (existsSync(join(runDir, RUN_FILES.checkpoint))) {
    summary = await resumeRun(runDir, opts);
    status = 'resumed';
  } else {
    // No checkpoint: whatever is there (config.json, a first stretch of log) predates anything worth keeping.
    await rm(runDir, { recursive: true, force: true });
    summary = await train(config, { out: dirname(runDir), name: basename(runDir), ...opts });
    status = 'trained';
  }
  if (summary === undefined) return { id: job.id, status: 'skipped', steps: config.steps, ...withMean(finalMean(runDir)) };
  if (summary.final === undefined) return { id: job.id, status: 'interrupted', steps: summary.result.steps };
  return { id: job.id, status, steps: summary.result.steps, finalMean: summary.final.mean };
}

function withMean(m: number | undefined): { finalMean?: number } {
  return m === undefined ? {} : { finalMean: m };
}
