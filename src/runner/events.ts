import type { Agent, BatchTransition, StepStats, Transition, VectorAgent } from '../core/agent.js';
import type { EnvSnapshot } from '../core/env.js';
import type { RngState } from '../core/rng.js';
import type { EpisodeCostsState } from '../envs/constrained/episode-costs.js';

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

/**
 * The episodes under way when a run was saved: the env's snapshot, the observation the agent acts on next (as JSON,
 * see `observationToJson`) and each copy's return and length so far.
 */
export interface EpisodeProgress {
  readonly env: EnvSnapshot;
  readonly obs: unknown;
  readonly returns: readonly number[];
  readonly lengths: readonly number[];
  /** For a constrained env, each copy's episode costs so far (so the resumed episode logs the same costs). */
  readonly costs?: readonly EpisodeCostsState[];
  /** For a multi-agent env, the agents whose returns `returns` holds, in that order. */
  readonly agents?: readonly string[];
}

/**
 * What `interact` needs to continue a run: counters, its reset-seed stream, the agent's latest stats, and the
 * episodes under way when the env could snapshot them (without them, the run continues with new episodes).
 */
export interface InteractState {
  /** Environment steps taken (summed over copies for a vector env). */
  readonly step: number;
  /** Episodes completed. */
  readonly episodes: number;
  readonly rng: RngState;
  readonly stats: StepStats;
  readonly episode?: EpisodeProgress;
}

/** What the checkpoint operator needs of an event, single- or multi-agent: the step count, its state and `hold`. */
export interface ResumableEvent {
  /** Environment steps taken so far, this one included (summed over copies for a vector env). */
  readonly step: number;
  /** How many environment steps this event adds: 1, or the number of valid rows of a batch. */
  readonly stepDelta: number;
  /** Episodes completed so far, those ending on this step included. */
  readonly episodes: number;
  /**
   * Takes the state from which `interact` can continue after this step, or is undefined where it cannot. Call it
   * before the next step (it reads the loop as it is now). An env that snapshots (see `supportsSnapshot`) gives it on
   * every step, with the episodes under way, so a resumed run matches an uninterrupted one. Without snapshots, a
   * single env gives it at episode ends only (the next reset is seeded from the saved stream, also exact), and a
   * vector env on every step, resuming with new episodes in every copy.
   */
  readonly resumeState: (() => InteractState) | undefined;
  /**
   * Makes the loop wait for `p` before its next step (a checkpoint saving the agent). A rejection ends the stream
   * with that error.
   */
  hold(p: Promise<unknown>): void;
}

/** What every event of `interact` carries besides the transition. */
interface EventCommon extends ResumableEvent {
  /** The agent's latest stats (loss, epsilon, ...), merged over steps so a key keeps its last value. */
  readonly stats: StepStats;
  /** Episodes that ended on this step (usually none). */
  readonly episodeEnds: readonly EpisodeEnd[];
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
