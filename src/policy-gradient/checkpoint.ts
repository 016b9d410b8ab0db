import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { StateError } from '../core/errors.js';

/** The name of the JSON file the policy-gradient agents checkpoint into. */
export const CHECKPOINT_FILE = 'agent.json';

/** Writes an agent's state as JSON into `dir/agent.json`, atomically. */
export async function writeCheckpoint(dir: string, kind: string, state: Record<string, unknown>): Promise<void> {
  await writeFileAtomic(join(dir, CHECKPOINT_FILE), JSON.stringify({ kind, ...state }));
}

/** Reads what `writeCheckpoint` wrote, checking that it belongs to the same kind of agent. */
export async function readCheckpoint(dir: string, kind: string): Promise<Record<string, unknown>> {
  const state = JSON.parse(await readFile(join(dir, CHECKPOINT_FILE), 'utf8')) as Record<string, unknown>;
  if (state.kind !== kind) throw new StateError(`checkpoint in ${dir} is of kind ${JSON.stringify(state.kind)}, expected ${JSON.stringify(kind)}`);
  return state;
}
