import type { Agent, BatchTransition, StepStats, Transition, VectorAgent } from '../core/agent.js';
import type { RngState } from '../core/rng.js';

/** An episode that ended on a step: which copy of the environment (0 for a single env), its return and length. */
export interface EpisodeEnd {
  readonly envIndex: number;
  readonly return: number;
  readonly length: number;
  /** The episode ended at a terminal state (else it was truncated by a time limit). */
  readonly terminated: boolean;
  /** For a `ConstrainedEnv`, each constraint's episode value as its budget reads it (discounted sum or mean cost). */
  readonly costs?: readonly number[];
}

/** What `interact` needs to continue a run: counters, its reset-seed stream and the agent's latest stats. */
export interface InteractState {
  /** Environment steps taken (summed over copies for a vector env). */
  readonly step: number;
  /** Episodes completed. */
  readonly episodes: number;
  readonly rng: RngState;
  readonly stats: StepStats;
}

/** What every event of `interact` carries besides the transition. */
interface EventCommon {
  /** Environment steps taken so far, this one included (summed over copies for a vector env). */
  readonly step: number;
  /** How many environment steps this event adds: 1, or the number of valid rows of a batch. */
  readonly stepDelta: number;
  /** Episodes completed so far, those ending on this step included. */
  readonly episodes: number;
  /** The agent's latest stats (loss, epsilon, ...), merged over steps so a key keeps its last value. */
  readonly stats: StepStats;
  /** Episodes that ended on this step (usually none). */
  readonly episodeEnds: readonly EpisodeEnd[];
  /**
   * A snapshot from which `interact` can continue, or undefined where continuing would not be exact. A single env
   * gives one at every episode end (the next reset is seeded from the saved stream, so a resumed run matches an
   * uninterrupted one); a vector env gives one every step, and resuming restarts all its episodes.
   */
  readonly state: InteractState | undefined;
  /**
   * Makes the loop wait for `p` before its next step (a checkpoint saving the agent). A rejection ends the stream
   * with that error.
   */
  hold(p: Promise<unknown>): void;
}

/** One step of a single environment, as `interact` emits it. */
export interface StepEvent<Obs = unknown, Act = unknown> extends Transition<Obs, Act>, EventCommon {
  readonly batch: false;
  readonly agent: Agent<Obs, Act>;
}

/** One step of all copies of a vector environment, as `interact` emits it. */
export interface BatchStepEvent extends BatchTransition, EventCommon {
  readonly batch: true;
  readonly agent: VectorAgent;
}

/** An event of `interact`: a single-env step or a vector-env batch step. */
export type RunnerEvent<Obs = unknown, Act = unknown> = StepEvent<Obs, Act> | BatchStepEvent;
