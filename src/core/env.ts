import type { Space } from './spaces/index.js';

/** Free-form auxiliary information returned with every reset and step (diagnostics, episode statistics). */
export type Info = Record<string, unknown>;

/** Options of `Env.reset`. */
export interface ResetOptions {
  /**
   * Seeds the environment's random stream. Given once, the same seed gives the same episodes; later resets without
   * a seed continue that stream (Gymnasium's rule). Never given, the stream is seeded from a fixed default.
   */
  seed?: number;
  /** Environment-specific options (e.g. bounds of the initial state). */
  options?: Record<string, unknown>;
}

/** What `reset` returns. */
export interface ResetResult<Obs> {
  readonly observation: Obs;
  readonly info: Info;
}

/** What `step` returns. */
export interface StepResult<Obs> {
  readonly observation: Obs;
  readonly reward: number;
  /** The episode reached a terminal state of the MDP (no bootstrapping past it). */
  readonly terminated: boolean;
  /** The episode was cut short from outside the MDP (a time limit): the state is not terminal. */
  readonly truncated: boolean;
  readonly info: Info;
}

/** What the registry knows about an environment: how `make` built it. */
export interface EnvSpec {
  readonly id: string;
  readonly maxEpisodeSteps?: number;
  readonly rewardThreshold?: number;
  readonly kwargs: Readonly<Record<string, unknown>>;
}

/**
 * A reinforcement-learning environment in Gymnasium's contract.
 *
 * - `reset` starts an episode and must be called before the first `step` and after an episode ends.
 * - `step(action)` advances one step; `terminated` marks a terminal MDP state, `truncated` an outside cut (time
 *   limit). After either, `step` is an error until `reset`.
 * - For speed, an environment may hand back the same observation array on every call and overwrite it on the next
 *   one: copy an observation (`obs.slice()`) to keep it past the next `step` or `reset`.
 */
export interface Env<Obs = unknown, Act = unknown> {
  readonly observationSpace: Space<Obs>;
  readonly actionSpace: Space<Act>;
  /** Set by `make`; undefined for an environment built directly. */
  spec: EnvSpec | undefined;
  /** Extra facts about the environment (render modes, frame rate), as Gymnasium's `metadata`. */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** The innermost environment under any wrappers. */
  readonly unwrapped: Env<unknown, unknown>;
  reset(opts?: ResetOptions): ResetResult<Obs>;
  step(action: Act): StepResult<Obs>;
  close(): void;
}
