import { InvalidArgumentError, StateError, describeValue } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { type StoredArray, readArrays, writeArrays } from './array-file.js';
import { checkInteger, checkLength } from '../core/checks.js';
import { checkTransitionRows, type ReplayBuffer, type TransitionBatch, type TransitionRows } from './replay-buffer.js';

/** Options of `RingBuffer`. */
export interface RingBufferOptions {
  /** The most transitions held (positive integer). */
  readonly capacity: number;
  /** Entries of one observation (1 for a tabular state index). */
  readonly obsDim: number;
  /** Entries of one action; default 1 (a discrete action stored as a float). */
  readonly actionDim?: number;
}

/** A reusable `TransitionBatch` with writable arrays. */
interface BatchArrays {
  size: number;
  obs: Float32Array;
  actions: Float32Array;
  rewards: Float32Array;
  nextObs: Float32Array;
  terminated: Float32Array;
  indices: Int32Array;
}

/**
 * A fixed-capacity FIFO replay buffer in typed arrays: once full, each new transition overwrites the oldest.
 * `sample` draws slots uniformly with replacement among the filled ones and returns the same arrays on every call
 * with the same `n` (overwritten by the next call): copy what must outlive it.
 */
export class RingBuffer implements ReplayBuffer {
  readonly capacity: number;
  readonly obsDim: number;
  readonly actionDim: number;
  private readonly obs: Float32Array;
  private readonly actions: Float32Array;
  private readonly rewards: Float32Array;
  private readonly nextObs: Float32Array;
  private readonly terminated: Float32Array;
  private pos = 0;
  private filled = 0;
  private out: BatchArrays | undefined;

  /** An empty buffer of `capacity` transitions with observations of `obsDim` and actions of `actionDim` (1) entries. */
  constructor(opts: RingBufferOptions) {
    checkInteger('RingBuffer: capacity', opts.capacity);
    checkInteger('RingBuffer: obsDim', opts.obsDim);
    checkInteger('RingBuffer: actionDim', opts.actionDim ?? 1);
    this.capacity = opts.capacity;
    this.obsDim = opts.obsDim;
    this.actionDim = opts.actionDim ?? 1;
    this.obs = new Float32Array(this.capacity * this.obsDim);
    this.nextObs = new Float32Array(this.capacity * this.obsDim);
    this.actions = new Float32Array(this.capacity * this.actionDim);
    this.rewards = new Float32Array(this.capacity);
    this.terminated = new Float32Array(this.capacity);
  }

  get size(): number {
    return this.filled;
  }

  /** The slot the next `add` writes (prioritized replay keys its priorities by slot). */
  get nextIndex(): number {
    return this.pos;
  }

  add(obs: ArrayLike<number>, action: number | ArrayLike<number>, reward: number, nextObs: ArrayLike<number>, terminated: boolean): void {
    checkLength('RingBuffer.add: obs', obs, this.obsDim);
    checkLength('RingBuffer.add: nextObs', nextObs, this.obsDim);
    const i = this.pos;
    this.obs.set(obs, i * this.obsDim);
    this.nextObs.set(nextObs, i * this.obsDim);
    if (typeof action === 'number') {
      if (this.actionDim !== 1) throw new InvalidArgumentError(`RingBuffer.add: action must have ${this.actionDim} entries, got the number ${describeValue(action)}`);
      this.actions[i] = action;
    } else {
      checkLength('RingBuffer.add: action', action, this.actionDim);
      this.actions.set(action, i * this.actionDim);
    }
    this.rewards[i] = reward;
    this.terminated[i] = terminated ? 1 : 0;
    this.advance();
  }

  addBatch(rows: TransitionRows): void {
    const { n, obs, actions, rewards, nextObs, terminated, valid } = rows;
    checkTransitionRows('RingBuffer.addBatch', rows, this.obsDim, this.actionDim);
    const d = this.obsDim;
    const a = this.actionDim;
    for (let r = 0; r < n; r++) {
      if (valid && !valid[r]) continue;
      const i = this.pos;
      for (let k = 0; k < d; k++) {
        this.obs[i * d + k] = obs[r * d + k] as number;
        this.nextObs[i * d + k] = nextObs[r * d + k] as number;
      }
      for (let k = 0; k < a; k++) this.actions[i * a + k] = actions[r * a + k] as number;
      this.rewards[i] = rewards[r] as number;
      this.terminated[i] = terminated[r] ? 1 : 0;
      this.advance();
    }
  }

  sample(n: number, rng: Rng): TransitionBatch {
    checkInteger('RingBuffer.sample: n', n);
    if (this.filled === 0) throw new StateError('RingBuffer.sample: the buffer is empty; add transitions first');
    const out = this.batchArrays(n);
    for (let j = 0; j < n; j++) out.indices[j] = rng.integer(0, this.filled);
    return this.gather(out.indices);
  }

  /**
   * Fills the reusable batch with the transitions at the given slots (each in [0, size)) and returns it. The
   * indices array may be the batch's own `indices`.
   */
  gather(indices: Int32Array): TransitionBatch {
    const n = indices.length;
    const out = this.batchArrays(n);
    const d = this.obsDim;
    const a = this.actionDim;
    for (let j = 0; j < n; j++) {
      const i = indices[j] as number;
      if (!(i >= 0 && i < this.filled)) throw new InvalidArgumentError(`RingBuffer.gather: index ${i} is outside the filled slots [0, ${this.filled})`);
      out.indices[j] = i;
      // Element loops, not `set(subarray(...))`: two views per row cost more than copying a few floats.
      for (let k = 0; k < d; k++) {
        out.obs[j * d + k] = this.obs[i * d + k] as number;
        out.nextObs[j * d + k] = this.nextObs[i * d + k] as number;
      }
      for (let k = 0; k < a; k++) out.actions[j * a + k] = this.actions[i * a + k] as number;
      out.rewards[j] = this.rewards[i] as number;
      out.terminated[j] = this.terminated[i] as number;
    }
    return out;
  }

  async save(path: string): Promise<void> {
    const { meta, arrays } = this.snapshot();
    await writeArrays(path, meta, arrays);
  }

  async load(path: string): Promise<void> {
    const { meta, arrays } = await readArrays(path);
    this.restore(meta, arrays, path);
  }

  /** The contents and write position as JSON metadata and arrays (only filled slots), for buffers built on this one. */
  snapshot(): { meta: Record<string, unknown>; arrays: Record<string, StoredArray> } {
    const meta = { kind: 'RingBuffer', capacity: this.capacity, obsDim: this.obsDim, actionDim: this.actionDim, pos: this.pos, filled: this.filled };
    const arrays = {
      obs: this.obs.subarray(0, this.filled * this.obsDim),
      actions: this.actions.subarray(0, this.filled * this.actionDim),
      rewards: this.rewards.subarray(0, this.filled),
      nextObs: this.nextObs.subarray(0, this.filled * this.obsDim),
      terminated: this.terminated.subarray(0, this.filled),
    };
    return { meta, arrays };
  }

  /** Restores a `snapshot`; `source` names where it came from in error messages. */
  restore(meta: Record<string, unknown>, arrays: Record<string, StoredArray>, source: string): void {
    for (const key of ['kind', 'capacity', 'obsDim', 'actionDim'] as const) {
      const mine = key === 'kind' ? 'RingBuffer' : this[key];
      if (meta[key] !== mine) throw new InvalidArgumentError(`RingBuffer.load: ${source} has ${key} ${describeValue(meta[key])}, this buffer has ${describeValue(mine)}`);
    }
    this.obs.set(arrays.obs as Float32Array);
    this.actions.set(arrays.actions as Float32Array);
    this.rewards.set(arrays.rewards as Float32Array);
    this.nextObs.set(arrays.nextObs as Float32Array);
    this.terminated.set(arrays.terminated as Float32Array);
    this.pos = meta.pos as number;
    this.filled = meta.filled as number;
  }

  private advance(): void {
    this.pos = (this.pos + 1) % this.capacity;
    if (this.filled < this.capacity) this.filled++;
  }

  private batchArrays(n: number): BatchArrays {
    if (this.out?.size !== n) {
      this.out = {
        size: n,
        obs: new Float32Array(n * this.obsDim),
        actions: new Float32Array(n * this.actionDim),
        rewards: new Float32Array(n),
        nextObs: new Float32Array(n * this.obsDim),
        terminated: new Float32Array(n),
        indices: new Int32Array(n),
      };
    }
    return this.out;
  }
}
