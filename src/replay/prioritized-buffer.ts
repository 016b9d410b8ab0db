import { InvalidArgumentError, StateError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { readArrays, writeArrays } from './array-file.js';
import { checkInRange, checkInteger, checkLength } from '../core/checks.js';
import type { ReplayBuffer, TransitionBatch, TransitionRows } from './replay-buffer.js';
import { RingBuffer, type RingBufferOptions } from './ring-buffer.js';
import { SumTree } from './sum-tree.js';

/** Options of `PrioritizedReplayBuffer`. */
export interface PrioritizedBufferOptions extends RingBufferOptions {
  /** Priority exponent α in [0, 1]: 0 is uniform sampling. Default 0.6. */
  readonly alpha?: number;
  /** Initial importance-sampling exponent β in [0, 1]; the learner anneals `beta` to 1. Default 0.4. */
  readonly beta?: number;
  /** Added to |TD error| so no transition gets probability 0. Default 1e-6. */
  readonly eps?: number;
}

/**
 * Proportional prioritized replay (Schaul et al. 2016): slot i is drawn with probability P(i) = p_i^α / Σ_k p_k^α,
 * stratified over `n` equal segments of the total, and weighted by w_i = (N·P(i))^(−β) divided by the batch's largest
 * w (as in Dopamine). New transitions get the largest priority seen so far. Storage is a `RingBuffer`; `sample`
 * reuses its output arrays like it.
 */
export class PrioritizedReplayBuffer implements ReplayBuffer {
  readonly alpha: number;
  readonly eps: number;
  private betaValue: number;
  private readonly ring: RingBuffer;
  private readonly tree: SumTree;
  private maxPriority = 1;
  private weights = new Float32Array(0);
  private drawn = new Int32Array(0);

  /** An empty buffer; see `PrioritizedBufferOptions` for α, β and ε. */
  constructor(opts: PrioritizedBufferOptions) {
    this.ring = new RingBuffer(opts);
    this.tree = new SumTree(opts.capacity);
    this.alpha = opts.alpha ?? 0.6;
    this.betaValue = opts.beta ?? 0.4;
    this.eps = opts.eps ?? 1e-6;
    checkInRange('PrioritizedReplayBuffer: alpha', this.alpha, 0, 1);
    checkInRange('PrioritizedReplayBuffer: beta', this.betaValue, 0, 1);
    checkInRange('PrioritizedReplayBuffer: eps', this.eps, Number.MIN_VALUE, 1);
  }

  get capacity(): number {
    return this.ring.capacity;
  }
  get size(): number {
    return this.ring.size;
  }
  get obsDim(): number {
    return this.ring.obsDim;
  }
  get actionDim(): number {
    return this.ring.actionDim;
  }
  /** The slot the next `add` writes. */
  get nextIndex(): number {
    return this.ring.nextIndex;
  }

  /** The importance-sampling exponent used by `sample`, in [0, 1]; the learner anneals it towards 1. */
  get beta(): number {
    return this.betaValue;
  }
  set beta(value: number) {
    checkInRange('PrioritizedReplayBuffer: beta', value, 0, 1);
    this.betaValue = value;
  }

  add(obs: ArrayLike<number>, action: number | ArrayLike<number>, reward: number, nextObs: ArrayLike<number>, terminated: boolean): void {
    const slot = this.ring.nextIndex;
    this.ring.add(obs, action, reward, nextObs, terminated);
    this.tree.set(slot, this.maxPriority ** this.alpha);
  }

  addBatch(rows: TransitionRows): void {
    const first = this.ring.nextIndex;
    this.ring.addBatch(rows);
    let added = 0;
    for (let r = 0; r < rows.n; r++) if (!rows.valid || rows.valid[r]) added++;
    const p = this.maxPriority ** this.alpha;
    for (let k = 0; k < added; k++) this.tree.set((first + k) % this.capacity, p);
  }

  sample(n: number, rng: Rng): TransitionBatch {
    checkInteger('PrioritizedReplayBuffer.sample: n', n);
    if (this.size === 0) throw new StateError('PrioritizedReplayBuffer.sample: the buffer is empty; add transitions first');
    if (this.drawn.length !== n) {
      this.drawn = new Int32Array(n);
      this.weights = new Float32Array(n);
    }
    const total = this.tree.total;
    const segment = total / n;
    for (let j = 0; j < n; j++) this.drawn[j] = this.tree.find(segment * (j + rng.random()));
    const batch = this.ring.gather(this.drawn);
    // w_i = (N P(i))^-β, normalised by the largest in the batch so weights only scale updates down.
    let maxW = 0;
    for (let j = 0; j < n; j++) {
      const w = (this.size * (this.tree.get(batch.indices[j] as number) / total)) ** -this.betaValue;
      this.weights[j] = w;
      if (w > maxW) maxW = w;
    }
    for (let j = 0; j < n; j++) this.weights[j] = (this.weights[j] as number) / maxW;
    return { ...batch, weights: this.weights };
  }

  /** Sets the priorities of the given slots from their TD errors: p_i = |δ_i| + eps. */
  updatePriorities(indices: ArrayLike<number>, tdErrors: ArrayLike<number>): void {
    checkLength('PrioritizedReplayBuffer.updatePriorities: tdErrors', tdErrors, indices.length);
    for (let j = 0; j < indices.length; j++) {
      const i = indices[j] as number;
      if (!(i >= 0 && i < this.size)) throw new InvalidArgumentError(`PrioritizedReplayBuffer.updatePriorities: index ${i} is outside the filled slots [0, ${this.size})`);
      const p = Math.abs(tdErrors[j] as number) + this.eps;
      if (!Number.isFinite(p)) throw new InvalidArgumentError(`PrioritizedReplayBuffer.updatePriorities: TD error at row ${j} is ${tdErrors[j]}`);
      if (p > this.maxPriority) this.maxPriority = p;
      this.tree.set(i, p ** this.alpha);
    }
  }

  /** The sampling probability of slot i now. */
  probability(i: number): number {
    return this.tree.get(i) / this.tree.total;
  }

  async save(path: string): Promise<void> {
    const { meta, arrays } = this.ring.snapshot();
    await writeArrays(path, { ...meta, kind: 'PrioritizedReplayBuffer', maxPriority: this.maxPriority, beta: this.betaValue }, { ...arrays, priorities: this.tree.leaves() });
  }

  async load(path: string): Promise<void> {
    const { meta, arrays } = await readArrays(path);
    if (meta.kind !== 'PrioritizedReplayBuffer') throw new InvalidArgumentError(`PrioritizedReplayBuffer.load: ${path} holds a ${String(meta.kind)}, not a PrioritizedReplayBuffer`);
    this.ring.restore({ ...meta, kind: 'RingBuffer' }, arrays, path);
    this.tree.setLeaves(arrays.priorities as Float64Array);
    this.maxPriority = meta.maxPriority as number;
    this.betaValue = meta.beta as number;
  }
}
