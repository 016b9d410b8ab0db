import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, StateError, describeValue } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { readArrays, writeArrays } from './array-file.js';
import { checkInteger, checkLength } from '../core/checks.js';
import { checkTransitionRows, type ReplayBuffer, type TransitionBatch, type TransitionRows } from './replay-buffer.js';

/** A sampled batch as tensors; `actions` holds int32 action indices when `actionDim` is 1, floats otherwise. */
export interface TensorBatch {
  readonly obs: tf.Tensor2D;
  readonly actions: tf.Tensor;
  readonly rewards: tf.Tensor1D;
  readonly nextObs: tf.Tensor2D;
  readonly terminated: tf.Tensor1D;
  readonly discounts?: tf.Tensor1D;
  readonly weights?: tf.Tensor1D;
}

/** Options of `TensorReplayBuffer`. */
export interface TensorBufferOptions {
  readonly capacity: number;
  readonly obsDim: number;
  /** Default 1. */
  readonly actionDim?: number;
  /** Transitions staged on the host before one scatter writes them to the tensors. Default 256. */
  readonly flushEvery?: number;
}

type Field = 'obs' | 'actions' | 'rewards' | 'nextObs' | 'terminated';

/**
 * A FIFO replay buffer whose storage lives in tfjs tensors and whose sampling is a `tf.gather`, so on a GPU backend
 * a batch never leaves the device. New transitions are staged in small host arrays and written in one
 * `tensorScatterUpdate` every `flushEvery` adds (and before sampling or saving). Slots are drawn uniformly with
 * replacement from `rng`, so sampling is reproducible. Call `dispose` to release the tensors.
 */
export class TensorReplayBuffer implements ReplayBuffer {
  readonly capacity: number;
  readonly obsDim: number;
  readonly actionDim: number;
  readonly flushEvery: number;
  private storage: Record<Field, tf.Tensor2D>;
  private readonly widths: Record<Field, number>;
  private readonly staged: Record<Field, Float32Array>;
  private readonly stagedSlots: Int32Array;
  private numStaged = 0;
  private pos = 0;
  private filled = 0;

  /** An empty buffer; storage is allocated (zeros) at once. */
  constructor(opts: TensorBufferOptions) {
    checkInteger('TensorReplayBuffer: capacity', opts.capacity);
    checkInteger('TensorReplayBuffer: obsDim', opts.obsDim);
    checkInteger('TensorReplayBuffer: actionDim', opts.actionDim ?? 1);
    checkInteger('TensorReplayBuffer: flushEvery', opts.flushEvery ?? 256);
    this.capacity = opts.capacity;
    this.obsDim = opts.obsDim;
    this.actionDim = opts.actionDim ?? 1;
    this.flushEvery = Math.min(opts.flushEvery ?? 256, this.capacity);
    this.widths = { obs: this.obsDim, actions: this.actionDim, rewards: 1, nextObs: this.obsDim, terminated: 1 };
    const fields = Object.keys(this.widths) as Field[];
    this.storage = Object.fromEntries(fields.map((f) => [f, tf.keep(tf.zeros([this.capacity, this.widths[f]]))])) as Record<Field, tf.Tensor2D>;
    this.staged = Object.fromEntries(fields.map((f) => [f, new Float32Array(this.flushEvery * this.widths[f])])) as Record<Field, Float32Array>;
    this.stagedSlots = new Int32Array(this.flushEvery);
  }

  get size(): number {
    return this.filled;
  }

  add(obs: ArrayLike<number>, action: number | ArrayLike<number>, reward: number, nextObs: ArrayLike<number>, terminated: boolean): void {
    checkLength('TensorReplayBuffer.add: obs', obs, this.obsDim);
    checkLength('TensorReplayBuffer.add: nextObs', nextObs, this.obsDim);
    const act = typeof action === 'number' ? [action] : action;
    checkLength('TensorReplayBuffer.add: action', act, this.actionDim);
    this.stage(obs, nextObs, 0, act, 0, reward, terminated);
  }

  addBatch(rows: TransitionRows): void {
    const { n, obs, actions, rewards, nextObs, terminated, valid } = rows;
    checkTransitionRows('TensorReplayBuffer.addBatch', rows, this.obsDim, this.actionDim);
    for (let r = 0; r < n; r++) {
      if (valid && !valid[r]) continue;
      this.stage(obs, nextObs, r * this.obsDim, actions, r * this.actionDim, rewards[r] as number, !!terminated[r]);
    }
  }

  /** Stages one transition read at the given offsets (lengths already checked), flushing when the stage is full. */
  private stage(obs: ArrayLike<number>, nextObs: ArrayLike<number>, obsAt: number, act: ArrayLike<number>, actAt: number, reward: number, terminated: boolean): void {
    const k = this.numStaged;
    const d = this.obsDim;
    const a = this.actionDim;
    for (let j = 0; j < d; j++) {
      this.staged.obs[k * d + j] = obs[obsAt + j] as number;
      this.staged.nextObs[k * d + j] = nextObs[obsAt + j] as number;
    }
    for (let j = 0; j < a; j++) this.staged.actions[k * a + j] = act[actAt + j] as number;
    this.staged.rewards[k] = reward;
    this.staged.terminated[k] = terminated ? 1 : 0;
    this.stagedSlots[k] = this.pos;
    this.numStaged++;
    this.pos = (this.pos + 1) % this.capacity;
    if (this.filled < this.capacity) this.filled++;
    // Flush before a slot could be staged twice.
    if (this.numStaged === this.flushEvery) this.flush();
  }

  /** Writes the staged transitions into the storage tensors. */
  flush(): void {
    if (this.numStaged === 0) return;
    const k = this.numStaged;
    const next = tf.tidy(() => {
      const slots = tf.tensor2d(this.stagedSlots.subarray(0, k), [k, 1], 'int32');
      const out = {} as Record<Field, tf.Tensor2D>;
      for (const f of Object.keys(this.storage) as Field[]) {
        const w = this.widths[f];
        // Kept: storage must outlive any tidy scope the caller is in.
        out[f] = tf.keep(tf.tensorScatterUpdate(this.storage[f], slots, tf.tensor2d(this.staged[f].subarray(0, k * w), [k, w])));
      }
      return out;
    });
    for (const t of Object.values(this.storage)) t.dispose();
    this.storage = next;
    this.numStaged = 0;
  }

  /**
   * Draws `n` slots uniformly with replacement from `rng` and gathers them on the device. The caller owns the
   * tensors (call it inside `tf.tidy`).
   */
  sampleTensors(n: number, rng: Rng): TensorBatch {
    return this.gatherTensors(this.drawSlots(n, rng));
  }

  /** `sampleTensors` read back into typed arrays (fresh on every call); for the `ReplayBuffer` contract and tests. */
  sample(n: number, rng: Rng): TransitionBatch {
    const indices = this.drawSlots(n, rng);
    const t = this.gatherTensors(indices);
    const batch: TransitionBatch = {
      size: n,
      obs: t.obs.dataSync() as Float32Array,
      actions: Float32Array.from(t.actions.dataSync()),
      rewards: t.rewards.dataSync() as Float32Array,
      nextObs: t.nextObs.dataSync() as Float32Array,
      terminated: t.terminated.dataSync() as Float32Array,
      indices,
    };
    for (const x of [t.obs, t.actions, t.rewards, t.nextObs, t.terminated]) x.dispose();
    return batch;
  }

  private drawSlots(n: number, rng: Rng): Int32Array {
    checkInteger('TensorReplayBuffer.sample: n', n);
    if (this.filled === 0) throw new StateError('TensorReplayBuffer.sample: the buffer is empty; add transitions first');
    const slots = new Int32Array(n);
    for (let j = 0; j < n; j++) slots[j] = rng.integer(0, this.filled);
    return slots;
  }

  private gatherTensors(slots: Int32Array): TensorBatch {
    this.flush();
    const n = slots.length;
    return tf.tidy(() => {
      const idx = tf.tensor1d(slots, 'int32');
      const s = this.storage;
      const actions = tf.gather(s.actions, idx);
      return {
        obs: tf.gather(s.obs, idx),
        actions: this.actionDim === 1 ? tf.cast(tf.reshape(actions, [n]), 'int32') : actions,
        rewards: tf.reshape(tf.gather(s.rewards, idx), [n]) as tf.Tensor1D,
        nextObs: tf.gather(s.nextObs, idx),
        terminated: tf.reshape(tf.gather(s.terminated, idx), [n]) as tf.Tensor1D,
      };
    });
  }

  async save(path: string): Promise<void> {
    this.flush();
    const fields = Object.keys(this.storage) as Field[];
    // Read asynchronously: the webgpu backend has no synchronous read in Node.
    const data = await Promise.all(fields.map((f) => this.storage[f].data() as Promise<Float32Array>));
    const arrays = Object.fromEntries(fields.map((f, i) => [f, (data[i] as Float32Array).subarray(0, this.filled * this.widths[f])]));
    await writeArrays(path, { kind: 'TensorReplayBuffer', capacity: this.capacity, obsDim: this.obsDim, actionDim: this.actionDim, pos: this.pos, filled: this.filled }, arrays);
  }

  async load(path: string): Promise<void> {
    const { meta, arrays } = await readArrays(path);
    for (const key of ['kind', 'capacity', 'obsDim', 'actionDim'] as const) {
      const mine = key === 'kind' ? 'TensorReplayBuffer' : this[key];
      if (meta[key] !== mine) throw new InvalidArgumentError(`TensorReplayBuffer.load: ${path} has ${key} ${describeValue(meta[key])}, this buffer has ${describeValue(mine)}`);
    }
    this.numStaged = 0;
    const next = {} as Record<Field, tf.Tensor2D>;
    for (const f of Object.keys(this.storage) as Field[]) {
      const full = new Float32Array(this.capacity * this.widths[f]);
      full.set(arrays[f] as Float32Array);
      next[f] = tf.keep(tf.tensor2d(full, [this.capacity, this.widths[f]]));
    }
    this.dispose();
    this.storage = next;
    this.pos = meta.pos as number;
    this.filled = meta.filled as number;
  }

  /** Releases the storage tensors. */
  dispose(): void {
    for (const t of Object.values(this.storage)) t.dispose();
  }
}
