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

/** `T` with its readonly fields made writable, for result objects a component owns and overwrites. */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** A step result an env or wrapper owns and overwrites on every call, so stepping allocates nothing. */
export type StepSlot<Obs> = Writable<StepResult<Obs>>;

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

/** What a vector environment's `reset` returns: observations of all N copies, row-major `[N, ...shape]`. */
export interface VectorResetResult {
  readonly observations: Float32Array;
  readonly infos: readonly Info[];
}

/** What a vector environment's `step` returns; entry i belongs to copy i. */
export interface VectorStepResult {
  readonly observations: Float32Array;
  readonly rewards: Float64Array;
  /** 1 where copy i reached a terminal state on this step. */
  readonly terminated: Uint8Array;
  /** 1 where copy i was cut by its time limit on this step. */
  readonly truncated: Uint8Array;
  readonly infos: readonly Info[];
}

/**
 * N copies of an environment stepped together (Gymnasium 1.x `VectorEnv`), with next-step autoreset: when copy i
 * ends on step t, the step t+1 call resets it (its action is ignored) and reports its first observation with
 * reward 0 and both flags 0. The `autoreset` mask says which copies did that on the last call, so a learner skips
 * those rows.
 */
export interface VectorEnv<Act extends Float32Array | Int32Array = Float32Array | Int32Array> {
  readonly numEnvs: number;
  /** The space of one copy's observation and action. */
  readonly singleObservationSpace: Space<unknown>;
  readonly singleActionSpace: Space<unknown>;
  /** 1 where the copy was reset (not stepped) by the last `step` call. */
  readonly autoreset: Uint8Array;
  spec: EnvSpec | undefined;
  reset(opts?: { seed?: number; options?: Record<string, unknown> }): VectorResetResult;
  step(actions: Act): VectorStepResult;
  close(): void;
}

/**
 * The saved state of an environment: plain JSON (numbers, strings, booleans, arrays, objects), its random stream
 * included, so it can go into a checkpoint and continue an episode exactly where it was.
 */
export type EnvSnapshot = { readonly [key: string]: unknown };

/**
 * The optional snapshot protocol of an `Env` or `VectorEnv`: `snapshot()` takes the whole state (episode in
 * progress, counters, RNG), `restore(s)` puts it back, so the next `step` gives what it would have given. The
 * built-in envs, wrappers and vector envs implement it; a user's env may. Detect it with `supportsSnapshot`.
 */
export interface Snapshottable {
  snapshot(): EnvSnapshot;
  /** Restores a state taken by `snapshot` on an env built the same way (same id, kwargs and wrappers). */
  restore(snapshot: EnvSnapshot): void;
  /** Whether `snapshot` works now; a wrapper or vector env can save only when all it holds can. Absent: yes. */
  canSnapshot?(): boolean;
}

/** Whether `env` can save and restore its state (see `Snapshottable`). */
export function supportsSnapshot<E extends object>(env: E): env is E & Snapshottable {
  const s = env as Partial<Snapshottable>;
  return typeof s.snapshot === 'function' && typeof s.restore === 'function' && (typeof s.canSnapshot !== 'function' || s.canSnapshot());
}

/** Whether `env` is a vector environment (it has `numEnvs`) rather than a single one. */
export function isVectorEnv(env: Env | VectorEnv): env is VectorEnv {
  return typeof (env as VectorEnv).numEnvs === 'number';
}
