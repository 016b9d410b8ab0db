import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Command, InvalidArgumentError as BadFlagValue } from 'commander';
import { runSweepLocal } from './local-sweep.js';
import { DEFAULT_QUEUE } from './queue-job.js';
import { parseRedisUrl } from './redis-url.js';
import type { JobOutcome } from './run-job.js';
import { NAME_PATTERN, readSweepFile } from './sweep-file.js';
import type { ProgressIO } from './sweep-progress.js';
import { SWEEP_REPORT_FILES, writeSweepReport } from './sweep-report.js';

/** Exit codes of the sweep commands (as the rest of the CLI): done, a run failed, stopped by Ctrl-C. */
const EXIT = { ok: 0, failed: 1, interrupted: 130 } as const;

/** A commander parser of integer flags >= `min` (the CLI's own, so every command words its errors alike). */
export type IntegerFlag = (min: number) => (v: string) => number;

function queueName(v: string): string {
  if (!NAME_PATTERN.test(v)) throw new BadFlagValue(`must be letters, digits, _, . or -, got ${JSON.stringify(v)}`);
  return v;
}

/** Runs `f` with a signal that SIGINT and SIGTERM fire (once; a second Ctrl-C kills as usual). */
async function withStopSignals<T>(f: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  const stop = () => ac.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await f(ac.signal);
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
}

function summarizeSweep(io: ProgressIO, name: string, root: string, outcomes: readonly JobOutcome[]): number {
  const count = (s: JobOutcome['status']) => outcomes.filter((o) => o.status === s).length;
  const failed = count('failed');
  const interrupted = count('interrupted');
  io.out(`sweep ${name}: ${outcomes.length} runs in ${root}/${name}/runs: ${count('trained')} trained, ${count('resumed')} resumed, ${count('skipped')} already finished, ${failed} failed, ${interrupted} interrupted\n`);
  if (interrupted > 0) io.err(`run the same sweep again to continue the interrupted runs from their checkpoints\n`);
  return failed > 0 ? EXIT.failed : interrupted > 0 ? EXIT.interrupted : EXIT.ok;
}

interface SweepFlags {
  workers: number;
  out: string;
  redis?: string;
  queue: string;
  attempts: number;
}

interface WorkerFlags {
  redis: string;
  queue: string;
  modules?: string;
  notebooks?: string;
  runs?: string;
  workers: number;
  lockDuration: number;
  stalledInterval: number;
  maxStalled: number;
}

/** Adds `converge sweep` and `converge worker` to the command tree; `set` stores an action's exit code. */
export function addSweepCommands(cmd: Command, io: ProgressIO, set: (p: Promise<number>) => Promise<void>, integer: IntegerFlag): void {
  cmd
    .command('sweep')
    .description('run a sweep file (a grid or list of runs over seeds): on local threads, or queued on Redis for `converge worker`')
    .argument('<file>', 'sweep file, .yaml or .json (name, base, runs, grid, seeds, modules)')
    .option('--workers <n>', 'runs at once on this machine (default: the number of cores)', integer(1), availableParallelism())
    .option('--out <dir>', 'folder of sweeps: runs go to <dir>/<name>/runs/', 'sweeps')
    .option('--redis <url>', 'queue the runs on Redis (redis://[user:password@]host[:port][/db], rediss:// for TLS) and follow them')
    .option('--queue <name>', 'queue name on Redis', queueName, DEFAULT_QUEUE)
    .option('--attempts <n>', 'tries of a queued run that fails', integer(1), 2)
    .action((file: string, f: SweepFlags) =>
      set(
        (async () => {
          const sweep = readSweepFile(file);
          const redis = f.redis === undefined ? undefined : parseRedisUrl(f.redis);
          const outcomes = await withStopSignals(async (signal) => {
            if (redis === undefined) return runSweepLocal(sweep, { root: f.out, workers: f.workers, io, signal });
            // The queue modules load bullmq (about a second): only the commands that use it import them.
            const { runSweepQueue } = await import('./queue-sweep.js');
            return runSweepQueue(sweep, { root: f.out, redis, queue: f.queue, attempts: f.attempts, io, signal });
          });
          await writeSweepReport(sweep, f.out);
          io.out(`report: ${join(f.out, sweep.name, SWEEP_REPORT_FILES.report)}\n`);
          return summarizeSweep(io, sweep.name, f.out, outcomes);
        })(),
      ),
    );
  cmd
    .command('worker')
    .description('pull sweep runs and notebook tasks from a Redis queue and run them (until Ctrl-C or SIGTERM)')
    .requiredOption('--redis <url>', 'Redis URL (redis://[user:password@]host[:port][/db], rediss:// for TLS)')
    .option('--queue <name>', 'queue name', queueName, DEFAULT_QUEUE)
    .option('--modules <dir>', 'the only folder env modules may be loaded from (default: registered env ids only)')
    .option('--notebooks <dir>', "the only folder notebook tasks (converge reproduce --redis) may be loaded from (default: the package's notebooks/)")
    .option('--runs <dir>', "the sweeps folder shared with `converge sweep --out` (default: a local folder; files go back through Redis)")
    .option('--workers <n>', 'runs at once', integer(1), 1)
    .option('--lock-duration <ms>', 'a job lock lasts this long without renewal; a dead worker\'s job is retried after it', integer(100), 30_000)
    .option('--stalled-interval <ms>', 'how often to look for jobs of dead workers', integer(100), 30_000)
    .option('--max-stalled <n>', 'times a job may be taken back from a dead worker before it fails', integer(0), 2)
    .action((f: WorkerFlags) =>
      set(
        withStopSignals(async (signal) =>
          (await import('./queue-worker.js')).runQueueWorker({
            redis: parseRedisUrl(f.redis),
            queue: f.queue,
            ...(f.modules !== undefined && { modulesDir: f.modules }),
            ...(f.notebooks !== undefined && { notebooksDir: f.notebooks }),
            ...(f.runs !== undefined && { runsDir: f.runs }),
            workers: f.workers,
            lockDurationMs: f.lockDuration,
            stalledIntervalMs: f.stalledInterval,
            maxStalledCount: f.maxStalled,
            io,
            signal,
          }),
        ).then(() => EXIT.ok),
      ),
    );
}
