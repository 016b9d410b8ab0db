import { concatMap, defer, EMPTY, Observable, type OperatorFunction } from 'rxjs';
import type { InteractState, RunnerEvent } from '../events.js';
import { checkPeriod } from './every-steps.js';

/** A checkpoint written during a run. */
export interface CheckpointRecord {
  readonly step: number;
  readonly episodes: number;
}

/**
 * Saves a checkpoint at the first resumable step (an event with a `state`) after the step count passes each multiple
 * of `every`: calls `save(state, event)` and holds the loop until it resolves, then emits the record. A single env
 * is resumable at episode ends, so a checkpoint lands at the end of the episode running when the multiple is passed.
 */
export function checkpoint<E extends RunnerEvent>(every: number, save: (state: InteractState, ev: E) => Promise<void>): OperatorFunction<E, CheckpointRecord> {
  checkPeriod('checkpoint', every);
  return (source) =>
    defer(() => {
      // The period of the last save; starts at that of the first event's starting count, so a resumed run agrees.
      let savedPeriod: number | undefined;
      return source.pipe(
        concatMap((ev): Observable<CheckpointRecord> => {
          savedPeriod ??= Math.floor((ev.step - ev.stepDelta) / every);
          const state = ev.state;
          if (!state || Math.floor(ev.step / every) <= savedPeriod) return EMPTY;
          savedPeriod = Math.floor(ev.step / every);
          const done = save(state, ev);
          ev.hold(done);
          return defer(() => done.then(() => ({ step: state.step, episodes: state.episodes })));
        }),
      );
    });
}
