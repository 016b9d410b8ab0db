import { join } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { LocalPool } from './local-pool.js';
import type { JobOutcome } from './run-job.js';
import { resolveJobConfig, type Sweep, type SweepJob } from './sweep-file.js';
import { SweepProgress, type ProgressIO } from './sweep-progress.js';

/** The manifest of a sweep, `<root>/<name>/sweep.json`: its runs, their ids, settings and directories. */
export const SWEEP_MANIFEST = 'sweep.json';

/** Writes the sweep's manifest (what a report or a later sweep reads to find its runs). */
export async function writeManifest(sweep: Sweep, root: string): Promise<void> {
  const body = { name: sweep.name, file: sweep.file, jobs: sweep.jobs };
  await writeFileAtomic(join(root, sweep.name, SWEEP_MANIFEST), `${JSON.stringify(body, null, 2)}\n`);
}

/** The progress display of a sweep, its totals from each run's configured steps. */
export function sweepProgress(sweep: Sweep, io: ProgressIO): SweepProgress {
  return new SweepProgress(io, sweep.jobs, (j: SweepJob) => resolveJobConfig(j.settings, sweep.modulesDir, j.run).steps);
}

/** Options of `runSweepLocal`. */
export interface LocalSweepOptions {
  /** The folder of sweeps: runs go to `<root>/<sweep>/runs/`. */
  readonly root: string;
  /** Threads running at once. Default: the number of cores. */
  readonly workers?: number;
  readonly io: ProgressIO;
  /** Stops every run between two steps (each keeps its last checkpoint). */
  readonly signal?: AbortSignal;
}

/**
 * Runs a sweep's jobs on a local pool of threads, each job an ordinary run directory: finished ones are skipped,
 * partial ones resume from their last checkpoint. Returns every job's outcome in the sweep's order.
 */
export async function runSweepLocal(sweep: Sweep, o: LocalSweepOptions): Promise<JobOutcome[]> {
  await writeManifest(sweep, o.root);
  const pool = new LocalPool(o.workers);
  const progress = sweepProgress(sweep, o.io);
  const onAbort = () => pool.abort();
  o.signal?.addEventListener('abort', onAbort);
  try {
    return await Promise.all(
      sweep.jobs.map(async (job) => {
        const outcome = await pool.run(job, o.root, sweep.modulesDir, { onStep: (j, step) => progress.step(j.id, step) });
        progress.end(job, outcome);
        return outcome;
      }),
    );
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    progress.stop();
    await pool.close();
  }
}
