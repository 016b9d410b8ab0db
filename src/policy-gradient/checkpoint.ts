import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { StateError } from '../core/errors.js';
import type { Adam } from '../nn/adam.js';
import { loadNetCheckpoint, saveNetCheckpoint, type NetCheckpoint } from '../nn/checkpoint.js';
import type { Policy } from './policy.js';
import type { ValueNet } from './value-net.js';

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

/** The networks, loose variables and optimizer of a policy-gradient agent, as `nn`'s checkpoint holds them. */
function parts(policy: Policy, critic: ValueNet | undefined, optimizer: Adam | undefined): NetCheckpoint {
  return {
    nets: { policy: policy.net, ...(critic ? { critic: critic.net } : {}) },
    variables: policy.extraVariables,
    optimizers: optimizer ? { adam: optimizer } : {},
  };
}

/** Writes the policy, critic and optimizer into `dir/nets.json` + `nets.bin` (`nn`'s checkpoint format). */
export async function saveNets(dir: string, policy: Policy, critic?: ValueNet, optimizer?: Adam): Promise<void> {
  await saveNetCheckpoint(join(dir, 'nets'), parts(policy, critic, optimizer));
}

/** Restores what `saveNets` wrote and refreshes the policy's acting copy; a network of another shape is an error naming both. */
export async function loadNets(dir: string, owner: string, policy: Policy, critic?: ValueNet, optimizer?: Adam): Promise<void> {
  await loadNetCheckpoint(join(dir, 'nets'), parts(policy, critic, optimizer), owner);
  await policy.syncAsync();
}
