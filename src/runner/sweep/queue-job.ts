import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { describeValue, InvalidArgumentError } from '../../core/errors.js';
import { RUN_FILES } from '../run-dir.js';
import type { TrainSettings } from '../train-config.js';
import { checkRunPath } from './job-guard.js';
import type { JobOutcome } from './run-job.js';
import { NAME_PATTERN, type SweepJob } from './sweep-file.js';
import { isRecord } from '../../core/plain-object.js';

/** The queue's name unless `--queue` gives another. */
export const DEFAULT_QUEUE = 'converge-sweep';

/** What a queued job carries: the run and nothing else (no paths outside the sweeps folder, no code, no credentials). */
export interface QueueJobData {
  readonly v: 1;
  readonly job: SweepJob;
}

/** What a worker returns: the outcome, and the run's files when it has no shared folder (path → base64). */
export interface QueueJobResult extends JobOutcome {
  readonly files?: Readonly<Record<string, string>>;
}

/** The queue's id of a job: the sweep's name and the run's settings hash, so a run is queued once. */
export function queueJobId(sweepName: string, job: SweepJob): string {
  return `${sweepName}.${job.id}`;
}

/**
 * Checks the shape of a job pulled from the queue before anything of it is used: a version, an id, a setting hash,
 * a run path of plain names and a settings mapping (whose algorithm, env and values the run then validates).
 */
export function checkQueueJobData(data: unknown): SweepJob {
  if (!isRecord(data) || data.v !== 1 || !isRecord(data.job)) throw new InvalidArgumentError(`job refused: its data is ${describeValue(data)}, not a converge sweep job (version 1)`);
  const j = data.job;
  for (const k of ['id', 'setting'] as const) {
    if (typeof j[k] !== 'string' || !NAME_PATTERN.test(j[k])) throw new InvalidArgumentError(`job refused: ${k} is ${describeValue(j[k])}`);
  }
  if (!isRecord(j.settings)) throw new InvalidArgumentError(`job refused: settings is ${describeValue(j.settings)}, not a mapping`);
  return { id: j.id as string, setting: j.setting as string, run: checkRunPath(j.run), settings: j.settings as TrainSettings };
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** The files of a finished run to send back (the periodic checkpoint left out: a finished run never resumes). */
export async function collectRunFiles(runDir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const p of await walk(runDir)) {
    const rel = relative(runDir, p).split('\\').join('/');
    if (rel === RUN_FILES.checkpoint || rel.startsWith('ckpt-')) continue;
    files[rel] = (await readFile(p)).toString('base64');
  }
  return files;
}

/** Writes files sent back by a worker into `runDir`, each path checked to stay inside it. */
export async function writeRunFiles(runDir: string, files: Readonly<Record<string, string>>): Promise<void> {
  // final.json last: it marks the run finished, so it must not appear before the files it points to.
  const paths = Object.keys(files).sort((a, b) => Number(a === RUN_FILES.final) - Number(b === RUN_FILES.final));
  for (const rel of paths) {
    checkRunPath(rel);
    const target = join(runDir, rel);
    if (relative(runDir, dirname(target)).startsWith('..')) throw new InvalidArgumentError(`sent-back file ${JSON.stringify(rel)} refused: outside the run directory`);
    await writeFileAtomic(target, Buffer.from(files[rel] as string, 'base64'));
  }
}
