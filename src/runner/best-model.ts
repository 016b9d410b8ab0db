import { existsSync, readFileSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Agent, VectorAgent } from '../core/agent.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import type { EvalRecord } from './operators/evaluate.js';

/** The folder of a run that holds the agent of its best greedy evaluation (as SB3's EvalCallback keeps best_model). */
export const BEST_DIR = 'best';
/** The folder the previous best moves to while a new one takes its place. */
const OLD_DIR = 'best.old';

/** What `best/best.json` records: the evaluation the agent in `best/agent/` scored. */
export interface BestInfo {
  readonly step: number;
  readonly mean: number;
  readonly std: number;
}

/** The run's best agent so far (from `best/`, or `best.old/` when a crash fell between two renames), if any. */
export function readBest(runDir: string): (BestInfo & { dir: string }) | undefined {
  for (const d of [BEST_DIR, OLD_DIR]) {
    const file = join(runDir, d, 'best.json');
    if (existsSync(file) && existsSync(join(runDir, d, 'agent'))) return { ...(JSON.parse(readFileSync(file, 'utf8')) as BestInfo), dir: join(runDir, d) };
  }
  return undefined;
}

/**
 * An evaluation hook that saves the agent into `best/` whenever an evaluation's mean beats every earlier one (ties keep
 * the earlier agent). It starts from the run's saved best, so a resumed run keeps the best of the uninterrupted one.
 * The new agent is written beside the old and swapped in by renames, so a crash leaves one complete best agent.
 */
export function keepBest(runDir: string, agent: Agent | VectorAgent): (r: EvalRecord) => Promise<void> | undefined {
  let best = readBest(runDir)?.mean ?? -Infinity;
  return (r) => {
    if (!(r.mean > best)) return undefined;
    best = r.mean;
    return (async () => {
      const tmp = join(runDir, `${BEST_DIR}.tmp`);
      await rm(tmp, { recursive: true, force: true });
      await agent.save(join(tmp, 'agent'));
      await writeFileAtomic(join(tmp, 'best.json'), `${JSON.stringify({ step: r.step, mean: r.mean, std: r.std } satisfies BestInfo, null, 2)}\n`);
      await rm(join(runDir, OLD_DIR), { recursive: true, force: true });
      if (existsSync(join(runDir, BEST_DIR))) await rename(join(runDir, BEST_DIR), join(runDir, OLD_DIR));
      await rename(tmp, join(runDir, BEST_DIR));
      await rm(join(runDir, OLD_DIR), { recursive: true, force: true });
    })();
  };
}
