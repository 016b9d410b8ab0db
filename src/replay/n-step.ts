import { InvalidArgumentError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { readArrays, writeArrays } from './array-file.js';
import { checkInRange, checkInteger, checkLength } from '../core/checks.js';
import { checkTransitionRows, type ReplayBuffer, type TransitionBatch, type TransitionRows } from './replay-buffer.js';

/** A buffer the n-step adapter can store into: it must say which slot its next `add` writes. */
export interface SlotReplayBuffer extends ReplayBuffer {
  readonly nextIndex: number;
}

/** One step waiting in an n-step window. */
interface Pending {
  readonly obs: number[];
  readonly action: number[];
  readonly reward: number;
}

/**
 * Turns 1-step transitions into n-step ones before storing them in `inner` (Sutton & Barto 2018, eq. 7.1):
 * from s_t, the return r_t + γ r_{t+1} + ... + γ^{k−1} r_{t+k−1}, the next state s_{t+k} and the bootstrap discount
 * γ^k (in the batch's `discounts`), with k = n, or fewer when the episode ends first. A terminal state stops the sum
 * with no bootstrap; a truncation stops the sum too but keeps bootstrapping from the truncated state. Each stream
 * (row i of `addBatch`; `add` is stream 0) keeps its own window. Sampling is `inner`'s, plus `discounts`.
 */
export class NStepReplayBuffer implements ReplayBuffer {
  private readonly windows = new Map<number, Pending[]>();
  private readonly discountBySlot: Float32Array;
  private discountsOut = new Float32Array(0);

  /** An adapter storing `n`-step returns with discount `gamma` into `inner`. */
  constructor(
    readonly inner: SlotReplayBuffer,
    readonly n: number,
    readonly gamma: number,
  ) {
    checkInteger('NStepReplayBuffer: n', n);
    checkInRange('NStepReplayBuffer: gamma', gamma, 0, 1);
    this.discountBySlot = new Float32Array(inner.capacity);
  }

  get capacity(): number {
    return this.inner.capacity;
  }
  get size(): number {
    return this.inner.size;
  }
  get obsDim(): number {
    return this.inner.obsDim;
  }
  get actionDim(): number {
    return this.inner.actionDim;
  }

  add(obs: ArrayLike<number>, action: number | ArrayLike<number>, reward: number, nextObs: ArrayLike<number>, terminated: boolean, truncated = false): void {
    checkLength('NStepReplayBuffer.add: obs', obs, this.obsDim);
    checkLength('NStepReplayBuffer.add: nextObs', nextObs, this.obsDim);
    const act = typeof action === 'number' ? [action] : Array.from(action);
    checkLength('NStepReplayBuffer.add: action', act, this.actionDim);
    this.push(0, { obs: Array.from(obs), action: act, reward }, nextObs, terminated, truncated);
  }

  addBatch(rows: TransitionRows): void {
    const { n, obs, actions, rewards, nextObs, terminated, truncated, valid } = rows;
    checkTransitionRows('NStepReplayBuffer.addBatch', rows, this.obsDim, this.actionDim);
    const d = this.obsDim;
    const a = this.actionDim;
    const slice = (xs: ArrayLike<number>, from: number, len: number) => Array.from({ length: len }, (_, k) => xs[from + k] as number);
    for (let r = 0; r < n; r++) {
      if (valid && !valid[r]) continue;
      const pending = { obs: slice(obs, r * d, d), action: slice(actions, r * a, a), reward: rewards[r] as number };
      this.push(r, pending, slice(nextObs, r * d, d), !!terminated[r], !!truncated?.[r]);
    }
  }

  /** Adds a step to a stream's window; stores the oldest when the window is full, all of them when the episode ends. */
  private push(stream: number, step: Pending, nextObs: ArrayLike<number>, terminated: boolean, truncated: boolean): void {
    let window = this.windows.get(stream);
    if (!window) this.windows.set(stream, (window = []));
    window.push(step);
    if (terminated || truncated) {
      while (window.length > 0) this.storeOldest(window, nextObs, terminated);
    } else if (window.length === this.n) {
      this.storeOldest(window, nextObs, false);
    }
  }

  /** Stores the window's oldest step with the return over the whole window, then drops it. */
  private storeOldest(window: Pending[], nextObs: ArrayLike<number>, terminated: boolean): void {
    let ret = 0;
    let discount = 1;
    for (const s of window) {
      ret += discount * s.reward;
      discount *= this.gamma;
    }
    const first = window.shift() as Pending;
    this.discountBySlot[this.inner.nextIndex] = discount;
    this.inner.add(first.obs, first.action, ret, nextObs, terminated);
  }

  /**
   * Drops the steps still waiting in every window: their n-step return needs the rest of an episode that will not
   * come (a resume with new episodes), and their bootstrap state was not kept.
   */
  endEpisodes(): void {
    this.windows.clear();
  }

  sample(n: number, rng: Rng): TransitionBatch {
    const batch = this.inner.sample(n, rng);
    if (this.discountsOut.length !== n) this.discountsOut = new Float32Array(n);
    for (let j = 0; j < n; j++) this.discountsOut[j] = this.discountBySlot[batch.indices[j] as number] as number;
    return { ...batch, discounts: this.discountsOut };
  }

  /** Writes `inner` to `path` and the windows and per-slot discounts to `path + '.nstep'`. */
  async save(path: string): Promise<void> {
    await this.inner.save(path);
    const windows = Object.fromEntries(this.windows);
    await writeArrays(`${path}.nstep`, { kind: 'NStepReplayBuffer', n: this.n, gamma: this.gamma, windows }, { discounts: this.discountBySlot });
  }

  async load(path: string): Promise<void> {
    await this.inner.load(path);
    const { meta, arrays } = await readArrays(`${path}.nstep`);
    if (meta.n !== this.n || meta.gamma !== this.gamma) {
      throw new InvalidArgumentError(`NStepReplayBuffer.load: ${path}.nstep has n ${String(meta.n)}, gamma ${String(meta.gamma)}; this buffer has n ${this.n}, gamma ${this.gamma}`);
    }
    this.discountBySlot.set(arrays.discounts as Float32Array);
    this.windows.clear();
    for (const [k, v] of Object.entries(meta.windows as Record<string, Pending[]>)) this.windows.set(Number(k), v);
  }
}
