import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { isMainModule } from '../is-main-module.js';

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

/**
 * Runs `reproduce` when the notebook is the script node was started with (`npx tsx notebooks/<name>.ts [--quick]
 * [--out dir]`) and does nothing when it is imported (by `converge reproduce`). Sets `process.exitCode`: 0, 1 on
 * an error in the notebook, 2 on bad arguments. Usage, at the end of a notebook:
 * `await runNotebookMain(import.meta.url, reproduce);`
 */
export async function runNotebookMain(moduleUrl: string, reproduce: Reproduce, argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  if (!isMainModule(moduleUrl)) return;
  const file = fileURLToPath(moduleUrl);
  const name = basename(file, extname(file));
  const cmd = new Command(name)
    .description(`reproduces the result of notebook ${name} and writes a report`)
    .option('--quick', 'short run that checks the pipeline, not the claim', false)
    .option('--out <dir>', `output folder (default ${defaultReportDir(name)}, or ${defaultReportDir(name, true)} with --quick)`)
    .exitOverride()
    .allowExcessArguments(false);
  try {
    cmd.parse([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    throw e;
  }
  const opts = cmd.opts<{ quick: boolean; out?: string }>();
  const outDir = opts.out ?? defaultReportDir(name, opts.quick);
  try {
    await reproduce({ quick: opts.quick, outDir });
    console.log(`report written to ${join(outDir, 'report.md')}`);
  } catch (e) {
    console.error(`${name}: ${(e as Error).stack ?? String(e)}`);
    process.exitCode = 1;
  }
}
