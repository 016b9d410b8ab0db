import { existsSync, statSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Agent } from '../core/agent.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { NotFoundError, StateError } from '../core/errors.js';
import type { EpisodeProgress, InteractState } from './events.js';

/** The files of a run directory `runs/<name>/`. */
export const RUN_FILES = {
  config: 'config.json',
  metrics: 'metrics.jsonl',
  checkpoint: 'checkpoint.json',
  final: 'final.json',
  report: 'report.md',
  curve: 'learning-curve.svg',
  results: 'results.json',
} as const;

/** The files of a checkpoint folder `ckpt-<step>/`: the agent's `save` output, and the episodes under way. */
export const CHECKPOINT_FILES = { agent: 'agent', episode: 'episode.json' } as const;

/** What `checkpoint.json` (and `final.json`) hold: where the agent was saved and how to continue. */
export interface CheckpointInfo {
  readonly version: 1;
  /** The folder, relative to the run directory, that holds the agent's `save` output under `agent/`. */
  readonly dir: string;
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

/** The run's metrics log size now (0 before the first line). */
export function metricsBytes(runDir: string): number {
  const path = join(runDir, RUN_FILES.metrics);
  return existsSync(path) ? statSync(path).size : 0;
}

/**
 * Saves the agent into a fresh folder `<kind>-<step>/agent/`, then points `checkpoint.json` (or `final.json`) at it
 * with an atomic write, then deletes the older folders of that kind. A crash at any moment leaves the pointer on a
 * complete checkpoint.
 */
export async function saveCheckpoint(runDir: string, agent: Agent, info: Omit<CheckpointInfo, 'dir' | 'version' | 'savedAt'>, kind: 'ckpt' | 'final' = 'ckpt'): Promise<CheckpointInfo> {
  const dir = `${kind}-${String(info.step).padStart(10, '0')}`;
  await rm(join(runDir, dir), { recursive: true, force: true });
  await agent.save(join(runDir, dir, CHECKPOINT_FILES.agent));
  const { episode, ...loop } = info.interact ?? {};
  if (episode) await writeFileAtomic(join(runDir, dir, CHECKPOINT_FILES.episode), `${JSON.stringify(episode)}\n`);
  const full: CheckpointInfo = { version: 1, dir, ...info, ...(info.interact && { interact: loop as InteractState }), savedAt: new Date().toISOString() };
  await writeFileAtomic(join(runDir, kind === 'ckpt' ? RUN_FILES.checkpoint : RUN_FILES.final), `${JSON.stringify(full, null, 2)}\n`);
  for (const entry of await readdir(runDir)) {
    if (entry.startsWith(`${kind}-`) && entry !== dir) await rm(join(runDir, entry), { recursive: true, force: true });
  }
  return full;
}

/** Reads `checkpoint.json` (or `final.json`) of a run, checking that the folder it points to exists. */
export async function loadCheckpoint(runDir: string, kind: 'ckpt' | 'final' = 'ckpt'): Promise<CheckpointInfo> {
  const file = join(runDir, kind === 'ckpt' ? RUN_FILES.checkpoint : RUN_FILES.final);
  if (!existsSync(file)) throw new NotFoundError(`${file}: no ${kind === 'ckpt' ? 'checkpoint' : 'final agent'} in run directory ${runDir}`);
  const info = JSON.parse(await readFile(file, 'utf8')) as CheckpointInfo;
  if (info.version !== 1) throw new StateError(`${file}: checkpoint version ${String(info.version)}; this converge-rl reads version 1`);
  if (!existsSync(join(runDir, info.dir, CHECKPOINT_FILES.agent))) throw new StateError(`${file}: points to ${info.dir}/agent, which is missing`);
  const episodePath = join(runDir, info.dir, CHECKPOINT_FILES.episode);
  if (info.interact === undefined || !existsSync(episodePath)) return info;
  const episode = JSON.parse(await readFile(episodePath, 'utf8')) as EpisodeProgress;
  return { ...info, interact: { ...info.interact, episode } };
}

/** The folder holding the agent of a checkpoint, to pass to `agent.load`. */
export function agentDir(runDir: string, info: CheckpointInfo): string {
  return join(runDir, info.dir, CHECKPOINT_FILES.agent);
}
