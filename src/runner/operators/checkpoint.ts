import { concatMap, defer, EMPTY, map, type Observable, type OperatorFunction } from 'rxjs';
import type { InteractState, ResumableEvent } from '../events.js';
import { checkPeriod } from './every-steps.js';

/** A checkpoint written during a run. */
export interface CheckpointRecord {
  readonly step: number;
  readonly episodes: number;
}

/**
 * Saves a checkpoint at the first resumable step (an event with a `resumeState`) after the step count passes each
 * multiple of `every`: calls `save(state, event)` and holds the loop until it resolves, then emits the record. An env
 * that snapshots is resumable at every step, so the checkpoint lands on the step that passes the multiple; a single
 * env without snapshots is resumable at episode ends, so it lands at the end of the episode running then.
 */
export function checkpoint<E extends ResumableEvent>(every: number, save: (state: InteractState, ev: E) => Promise<void>): OperatorFunction<E, CheckpointRecord> {
  checkPeriod('checkpoint', every);
  return (source) =>
    defer(() => {
      // The period of the last save; starts at that of the first event's starting count, so a resumed run agrees.
      let savedPeriod: number | undefined;
      return source.pipe(
        // The state is taken and the save started as the event arrives (before the loop's next step); concatMap only
        // keeps the records in order.
        map((ev): Promise<CheckpointRecord> | undefined => {
          savedPeriod ??= Math.floor((ev.step - ev.stepDelta) / every);
          if (!ev.resumeState || Math.floor(ev.step / every) <= savedPeriod) return undefined;
          savedPeriod = Math.floor(ev.step / every);
          const state = ev.resumeState();
          const done = save(state, ev);
          ev.hold(done);
          return done.then(() => ({ step: state.step, episodes: state.episodes }));
        }),
        concatMap((p): Observable<CheckpointRecord> => (p === undefined ? EMPTY : defer(() => p))),
      );
    });
}
