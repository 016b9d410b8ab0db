import { mergeMap, type OperatorFunction } from 'rxjs';
import type { RunnerEvent } from '../events.js';

/** An episode that ended during a run, with the step count at which it ended. */
export interface EpisodeRecord {
  readonly step: number;
  /** The number of this episode in the run, from 1. */
  readonly episode: number;
  readonly envIndex: number;
  readonly return: number;
  readonly length: number;
  readonly terminated: boolean;
  /** For a `ConstrainedEnv`, each constraint's episode value (discounted sum or mean cost, as its budget reads). */
  readonly costs?: readonly number[];
}

/** The episodes that end in a stream of steps, one record each (in copy order for a batch step). */
export function episodes(): OperatorFunction<RunnerEvent, EpisodeRecord> {
  return mergeMap((ev) => {
    const first = ev.episodes - ev.episodeEnds.length + 1;
    return ev.episodeEnds.map((e, i) => ({ step: ev.step, episode: first + i, ...e }));
  });
}
