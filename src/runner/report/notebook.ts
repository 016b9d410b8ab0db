import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError as BadFlagValue } from 'commander';
import { ConvergeError, InvalidArgumentError } from '../../core/errors.js';
import { isMainModule } from '../is-main-module.js';
import { checkWorkers, MAX_WORKERS } from './notebook-tasks.js';
import { closeTaskPools } from './task-pool.js';

/** Options every reproduction notebook's `reproduce` takes. */
export interface ReproduceOptions {
  /** A short run (minutes at most) that checks the pipeline, not the claim. */
  readonly quick: boolean;
  /** Where `report.md`, `results.json` and the plots go. */
  readonly outDir: string;
  /** Worker threads for the notebook's tasks (`runTasks`) [1: serial in this process]. */
  readonly workers?: number;
  /** A Redis URL: tasks go to `converge worker` processes through BullMQ instead of a local pool. */
  readonly redis?: string;
}

/** The function a notebook (`notebooks/<name>.ts`) exports. */
export type Reproduce = (opts: ReproduceOptions) => Promise<void>;

/**
 * The default output folder of a notebook: `reports/<name>` for a full run; `runs/reproduce-<name>-quick` for a
 * quick one, so a smoke run never overwrites the committed report of the latest full run.
 */
export function defaultReportDir(name: string, quick = false): string {
  return quick ? join('runs', `reproduce-${name}-quick`) : join('reports', name);
}

/** The flags of a reproduction, as `converge reproduce` and a notebook's own main parse them. */
export interface ReproduceFlags {
  quick: boolean;
  out?: string;
  workers?: number;
  redis?: string;
}

function workersFlag(v: string): number {
  try {
    return checkWorkers(v.trim() === '' ? NaN : Number(v));
  } catch {
    throw new BadFlagValue(`must be an integer from 1 to ${MAX_WORKERS}, got ${JSON.stringify(v)}`);
  }
}

/** Adds the reproduction flags (--quick, --out, --workers, --redis) to a command; `name` gives the default folders. */
export function addReproduceFlags(cmd: Command, name?: string): Command {
  const where = name === undefined ? 'default reports/<notebook>, or runs/reproduce-<notebook>-quick with --quick' : `default ${defaultReportDir(name)}, or ${defaultReportDir(name, true)} with --quick`;
  return cmd
    .option('--quick', 'a short run that checks the pipeline, not the claim', false)
    .option('--out <dir>', `output folder (${where})`)
    .option('--workers <n>', `run the notebook's tasks (seeds) on n threads, 1 to ${MAX_WORKERS} (default 1: serial); same results`, workersFlag)
    .option('--redis <url>', "run the notebook's tasks on `converge worker` processes through Redis (redis://[user:password@]host[:port][/db], rediss:// for TLS); same results");
}

/**
 * Runs a notebook's `reproduce` with the parsed flags: checks first that Redis (with --redis) answers, so a typo
 * fails at once rather than after the serial parts, and closes the task threads afterwards. Returns the output folder.
 */
export async function runReproduce(reproduce: Reproduce, name: string, f: ReproduceFlags): Promise<string> {
  const outDir = f.out ?? defaultReportDir(name, f.quick);
  if (f.redis !== undefined && f.workers !== undefined) throw new InvalidArgumentError('--workers and --redis: give one; with --redis each `converge worker --workers n` sets its own threads');
  if (f.redis !== undefined) {
    const [{ parseRedisUrl }, { checkRedisReachable }, { DEFAULT_QUEUE }] = await Promise.all([import('../sweep/redis-url.js'), import('../sweep/redis-probe.js'), import('../sweep/queue-job.js')]);
    await checkRedisReachable(parseRedisUrl(f.redis), DEFAULT_QUEUE);
  }
  try {
    await reproduce({ quick: f.quick, outDir, ...(f.workers !== undefined && { workers: f.workers }), ...(f.redis !== undefined && { redis: f.redis }) });
  } finally {
    await closeTaskPools();
  }
  return outDir;
}

/**
 * Runs `reproduce` when the notebook is the script node was started with (`npx tsx notebooks/<name>.ts [--quick]
 * [--out dir] [--workers n] [--redis url]`) and does nothing when it is imported (by `converge reproduce`). Sets
 * `process.exitCode`: 0, 1 on an error in the notebook, 2 on bad arguments. Usage, at the end of a notebook:
 * `await runNotebookMain(import.meta.url, reproduce);`. The run starts once the notebook module has finished
 * loading (the returned promise does not wait for it): its tasks (`runTasks`) import the notebook, and that import
 * would wait for ever on a top-level await still running.
 */
export async function runNotebookMain(moduleUrl: string, reproduce: Reproduce, argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  if (!isMainModule(moduleUrl)) return;
  setImmediate(() => void notebookMain(moduleUrl, reproduce, argv));
}

async function notebookMain(moduleUrl: string, reproduce: Reproduce, argv: readonly string[]): Promise<void> {
  const file = fileURLToPath(moduleUrl);
  const name = basename(file, extname(file));
  const cmd = addReproduceFlags(new Command(name).description(`reproduces the result of notebook ${name} and writes a report`), name)
    .exitOverride()
    .allowExcessArguments(false);
  try {
    cmd.parse([...argv], { from: 'user' });
  } catch (e) {
    process.exitCode = e instanceof CommanderError && e.exitCode === 0 ? 0 : 2;
    return;
  }
  try {
    const outDir = await runReproduce(reproduce, name, cmd.opts<ReproduceFlags>());
    console.log(`report written to ${join(outDir, 'report.md')}`);
  } catch (e) {
    console.error(`${name}: ${e instanceof ConvergeError ? e.message : ((e as Error).stack ?? String(e))}`);
    process.exitCode = 1;
  }
}
