import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Agent } from '../core/agent.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { CorruptFileError, InvalidArgumentError, NotFoundError, StateError } from '../core/errors.js';
import type { EpisodeProgress, InteractState } from './events.js';
import { fileManifest, verifyManifest, type FileManifest } from './file-manifest.js';

/** The files of a run directory `runs/<name>/`. */
export const RUN_FILES = {
  config: 'config.json',
  metrics: 'metrics.jsonl',
  checkpoint: 'checkpoint.json',
  final: 'final.json',
  report: 'report.md',
  curve: 'learning-curve.svg',
  costCurve: 'cost-curve.svg',
  results: 'results.json',
} as const;

/** The files of a checkpoint folder `ckpt-<step>/`: the agent's `save` output, and the episodes under way. */
export const CHECKPOINT_FILES = { agent: 'agent', episode: 'episode.json' } as const;

/** What `checkpoint.json` (and `final.json`) hold: where the agent was saved and how to continue. */
export interface CheckpointInfo {
  /** 2 since checkpoints list their files; version 1 (no `files`) still loads, unchecked. */
  readonly version: 1 | 2;
  /** The folder, relative to the run directory, that holds the agent's `save` output under `agent/`. */
  readonly dir: string;
  /** Every file of that folder with its size and SHA-256, checked before the checkpoint is used. */
  readonly files?: FileManifest;
  readonly step: number;
  readonly episodes: number;
  /**
   * The loop state to continue from; absent in `final.json` when the run ended mid-episode. Its `episode` (the env's
   * snapshot) is kept in the checkpoint folder's `episode.json`, not in `checkpoint.json`.
   */
  readonly interact?: InteractState;
  /** Bytes of metrics.jsonl written up to this checkpoint; a resumed run cuts the log back to this. */
  readonly metricsBytes: number;
  /** Wall-clock seconds spent so far: in total, and in evaluations. */
  readonly wallS: number;
  readonly evalS: number;
  readonly savedAt: string;
}

/** Throws `InvalidArgumentError` when `runDir` cannot be a new run directory: `out` or it is a file, or it holds a run. */
export function checkNewRunDir(out: string, runDir: string): void {
  for (const p of [out, runDir]) {
    if (existsSync(p) && !statSync(p).isDirectory()) throw new InvalidArgumentError(`--out ${out}: ${p} is a file, not a folder; pass a folder of run directories`);
  }
  // One rule for a default name and a --name: a taken name is refused, so rerunning a command never starts a twin run.
  if (existsSync(runDir) && readdirSync(runDir).length > 0) {
    throw new InvalidArgumentError(`run directory ${runDir} already exists; continue it with \`converge resume ${runDir}\` or pick another --name`);
  }
}

/** The run's metrics log size now (0 before the first line). */
export function metricsBytes(runDir: string): number {
  const path = join(runDir, RUN_FILES.metrics);
  return existsSync(path) ? statSync(path).size : 0;
}

/**
 * Checks that the run's metrics log still holds the `bytes` a checkpoint counted, ending on a whole line, so cutting
 * it back there drops only what came after (a torn last line included). Reads only; `CorruptFileError` otherwise.
 */
export function checkMetricsPrefix(runDir: string, bytes: number): void {
  if (bytes === 0) return;
  const path = join(runDir, RUN_FILES.metrics);
  const size = existsSync(path) ? statSync(path).size : 0;
  if (size < bytes) throw new CorruptFileError(`${path} is damaged: it holds ${size} bytes, the checkpoint counted ${bytes} (truncated?)`);
  const fd = openSync(path, 'r');
  try {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, bytes - 1);
    if (last[0] !== 0x0a) throw new CorruptFileError(`${path} is damaged: byte ${bytes} (where the checkpoint's part of the log ends) is not the end of a line`);
  } finally {
    closeSync(fd);
  }
}

/**
 * Saves the agent into a fresh folder `<kind>-<step>/agent/`, then points `checkpoint.json` (or `final.json`) at it
 * with an atomic write, then deletes the older folders of that kind. A crash at any moment leaves the pointer on a
 * complete checkpoint.
 */
export async function saveCheckpoint(runDir: string, agent: Pick<Agent, 'save'>, info: Omit<CheckpointInfo, 'dir' | 'version' | 'savedAt' | 'files'>, kind: 'ckpt' | 'final' = 'ckpt'): Promise<CheckpointInfo> {
  const dir = `${kind}-${String(info.step).padStart(10, '0')}`;
  await rm(join(runDir, dir), { recursive: true, force: true });
  await agent.save(join(runDir, dir, CHECKPOINT_FILES.agent));
  const { episode, ...loop } = info.interact ?? {};
  if (episode) await writeFileAtomic(join(runDir, dir, CHECKPOINT_FILES.episode), `${JSON.stringify(episode)}\n`);
  const files = await fileManifest(join(runDir, dir));
  const full: CheckpointInfo = { version: 2, dir, ...info, ...(info.interact && { interact: loop as InteractState }), files, savedAt: new Date().toISOString() };
  await writeFileAtomic(join(runDir, kind === 'ckpt' ? RUN_FILES.checkpoint : RUN_FILES.final), `${JSON.stringify(full, null, 2)}\n`);
  for (const entry of await readdir(runDir)) {
    if (entry.startsWith(`${kind}-`) && entry !== dir) await rm(join(runDir, entry), { recursive: true, force: true });
  }
  return full;
}

/** Reads and parses a JSON file that converge-rl wrote; a damaged one is a `CorruptFileError` naming it. */
export function readJsonFile(path: string): unknown {
  const text = readFileSync(path, 'utf8');
  if (text.trim() === '') throw new CorruptFileError(`${path} is empty (truncated?)`);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new CorruptFileError(`${path} is damaged: not valid JSON (${(e as Error).message}); it may have been truncated`);
  }
}

const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isSeconds = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first field of a parsed checkpoint pointer that is missing or of the wrong type, if any. */
function badField(info: Record<string, unknown>): string | undefined {
  if (typeof info['dir'] !== 'string' || !/^(ckpt|final)-\d+$/.test(info['dir'])) return 'dir';
  for (const k of ['step', 'episodes', 'metricsBytes']) if (!isCount(info[k])) return k;
  for (const k of ['wallS', 'evalS']) if (!isSeconds(info[k])) return k;
  if (info['interact'] !== undefined && !isObject(info['interact'])) return 'interact';
  if (info['version'] === 2 && !isObject(info['files'])) return 'files';
  return undefined;
}

/**
 * Reads `checkpoint.json` (or `final.json`) of a run and checks it and every file of the folder it points to against
 * its manifest (size and SHA-256), reading but never writing. A damaged file is a `CorruptFileError` naming it.
 */
export async function loadCheckpoint(runDir: string, kind: 'ckpt' | 'final' = 'ckpt'): Promise<CheckpointInfo> {
  const file = join(runDir, kind === 'ckpt' ? RUN_FILES.checkpoint : RUN_FILES.final);
  if (!existsSync(file)) throw new NotFoundError(`${file}: no ${kind === 'ckpt' ? 'checkpoint' : 'final agent'} in run directory ${runDir}`);
  const parsed = readJsonFile(file);
  if (!isObject(parsed)) throw new CorruptFileError(`${file} is damaged: it holds ${JSON.stringify(parsed)}, not a checkpoint record`);
  if (parsed['version'] !== 1 && parsed['version'] !== 2) throw new StateError(`${file}: checkpoint version ${String(parsed['version'])}; this converge-rl reads versions 1 and 2`);
  const bad = badField(parsed);
  if (bad !== undefined) throw new CorruptFileError(`${file} is damaged: field ${JSON.stringify(bad)} is ${JSON.stringify(parsed[bad]) ?? 'missing'}`);
  const info = parsed as unknown as CheckpointInfo;
  if (!existsSync(join(runDir, info.dir, CHECKPOINT_FILES.agent))) throw new StateError(`${file}: points to ${info.dir}/agent, which is missing`);
  if (info.files !== undefined) await verifyManifest(join(runDir, info.dir), info.files, file);
  const episodePath = join(runDir, info.dir, CHECKPOINT_FILES.episode);
  if (info.interact === undefined || !existsSync(episodePath)) return info;
  return { ...info, interact: { ...info.interact, episode: readJsonFile(episodePath) as EpisodeProgress } };
}

/** The folder holding the agent of a checkpoint, to pass to `agent.load`. */
export function agentDir(runDir: string, info: CheckpointInfo): string {
  return join(runDir, info.dir, CHECKPOINT_FILES.agent);
}
