import type { EnvSnapshot } from './env.js';
import { StateError, describeValue } from './errors.js';

/** Starts a snapshot tagged with the kind of component that took it, so a restore into another kind is refused. */
export function snapshotOf(kind: string, fields: Readonly<Record<string, unknown>>): EnvSnapshot {
  return { kind, ...fields };
}

/** Checks that `snapshot` was taken by a component of `kind`; `who` names the restoring component in the error. */
export function checkSnapshot(who: string, snapshot: EnvSnapshot, kind: string): EnvSnapshot {
  if (snapshot === null || typeof snapshot !== 'object' || snapshot.kind !== kind) {
    throw new StateError(`${who}: cannot restore a snapshot of kind ${describeValue((snapshot as { kind?: unknown } | null)?.kind)}; it needs one taken by ${kind}`);
  }
  return snapshot;
}
