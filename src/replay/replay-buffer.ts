import { checkInteger, checkLength } from '../core/checks.js';
import type { Rng } from '../core/rng.js';

/**
 * A sampled batch of transitions, row-major. Buffers may hand back the same arrays on every `sample` call and
 * overwrite them on the next one (to keep allocation off the hot path): copy what must outlive the next call.
 */
export interface TransitionBatch {
  /** The number of rows. */
  readonly size: number;
  /** Observations, `[size * obsDim]`. */
  readonly obs: Float32Array;
  /** Actions, `[size * actionDim]`; discrete actions are stored as floats. */
  readonly actions: Float32Array;
  /** Rewards, `[size]` (for n-step buffers, the discounted sum of the n rewards). */
  readonly rewards: Float32Array;
  /** Next observations, `[size * obsDim]` (for n-step buffers, the observation n steps later). */
  readonly nextObs: Float32Array;
  /** 1 where the episode reached a terminal state: do not bootstrap. A time-limit truncation is not terminal. */
  readonly terminated: Float32Array;
  /** Discount to apply to the bootstrapped value, `γ^k` for a k-step return; absent means the agent's own γ. */
  readonly discounts?: Float32Array;
  /** Importance-sampling weights (prioritized replay), normalised so the largest is 1. */
  readonly weights?: Float32Array;
  /** The slot of each row in the buffer, for priority updates. */
  readonly indices: Int32Array;
}

/**
 * N transitions to add at once, row-major. A `BatchTransition` from a vector environment fits as is: rows with
 * `valid[i] = 0` (autoreset rows) are skipped, and `truncated` marks time-limit cuts (used by n-step buffers).
 */
export interface TransitionRows {
  readonly n: number;
  readonly obs: ArrayLike<number>;
  readonly actions: ArrayLike<number>;
  readonly rewards: ArrayLike<number>;
  readonly nextObs: ArrayLike<number>;
  readonly terminated: ArrayLike<number>;
  readonly truncated?: ArrayLike<number>;
  readonly valid?: ArrayLike<number>;
}

/** Checks that `rows` holds `n` rows of each field for a buffer of the given widths; `who` names the caller in errors. */
export function checkTransitionRows(who: string, rows: TransitionRows, obsDim: number, actionDim: number): void {
  const { n } = rows;
  checkInteger(`${who}: n`, n, 0);
  checkLength(`${who}: obs`, rows.obs, n * obsDim);
  checkLength(`${who}: nextObs`, rows.nextObs, n * obsDim);
  checkLength(`${who}: actions`, rows.actions, n * actionDim);
  checkLength(`${who}: rewards`, rows.rewards, n);
  checkLength(`${who}: terminated`, rows.terminated, n);
}

/** Storage of past transitions that an off-policy learner samples from. */
export interface ReplayBuffer {
  /** The most transitions held; the oldest is overwritten beyond it. */
  readonly capacity: number;
  /** The number of transitions held now. */
  readonly size: number;
  readonly obsDim: number;
  readonly actionDim: number;
  /**
   * Stores one transition. `terminated` stops bootstrapping; `truncated` (a time-limit cut, `nextObs` a real
   * state) only ends the episode, which matters to buffers that look across steps (n-step).
   */
  add(
    obs: ArrayLike<number>,
    action: number | ArrayLike<number>,
    reward: number,
    nextObs: ArrayLike<number>,
    terminated: boolean,
    truncated?: boolean,
  ): void;
  /** Stores N transitions; row i of a vector environment is stream i (n-step buffers keep one window per row). */
  addBatch(rows: TransitionRows): void;
  /** Draws `n` transitions with `rng` (uniformly with replacement unless the buffer says otherwise). */
  sample(n: number, rng: Rng): TransitionBatch;
  /** Writes the contents and write position to one file, atomically. */
  save(path: string): Promise<void>;
  /** Restores what `save` wrote; the file must come from a buffer of the same kind, capacity and dimensions. */
  load(path: string): Promise<void>;
  /** Ends every stream's episode under way (see `VectorAgent.endEpisodes`); only buffers that look across steps need it. */
  endEpisodes?(): void;
}
