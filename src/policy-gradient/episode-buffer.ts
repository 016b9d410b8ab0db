/** A growing float array (amortized doubling), for rollouts of unknown length. */
class GrowingArray<T extends Float32Array | Float64Array | Uint8Array> {
  length = 0;
  constructor(private data: T) {}

  push(values: ArrayLike<number>): void {
    const need = this.length + values.length;
    if (need > this.data.length) {
      const bigger = new (this.data.constructor as new (n: number) => T)(Math.max(need, 2 * this.data.length));
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data.set(values, this.length);
    this.length = need;
  }

  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

/** The contents of an `EpisodeBuffer` as JSON, for a checkpoint. */
export interface EpisodeBufferState {
  readonly obs: number[];
  readonly actions: number[];
  readonly rewards: number[];
  readonly ends: number[];
  readonly episodes: number;
}

/**
 * The steps of complete (and one unfinished) episodes from a single environment, flat and row-major: what the
 * Monte-Carlo policy-gradient agents collect between updates.
 */
export class EpisodeBuffer {
  private readonly obsRows = new GrowingArray(new Float32Array(1024));
  private readonly actRows = new GrowingArray(new Float32Array(256));
  private readonly rewardRows = new GrowingArray(new Float64Array(256));
  private readonly endRows = new GrowingArray(new Uint8Array(256));
  private readonly one = new Float64Array(1);
  /** Completed episodes so far. */
  episodes = 0;

  constructor(
    readonly obsDim: number,
    readonly actDim: number,
  ) {}

  /** Number of stored steps. */
  get length(): number {
    return this.rewardRows.length;
  }

  /** Appends one step; `end` closes the episode (terminated or truncated). */
  push(obs: ArrayLike<number>, action: number | ArrayLike<number>, reward: number, end: boolean): void {
    this.obsRows.push(obs);
    if (typeof action === 'number') {
      this.one[0] = action;
      this.actRows.push(this.one);
    } else {
      this.actRows.push(action);
    }
    this.one[0] = reward;
    this.rewardRows.push(this.one);
    this.one[0] = end ? 1 : 0;
    this.endRows.push(this.one);
    if (end) this.episodes++;
  }

  get obs(): Float32Array {
    return this.obsRows.view();
  }

  get actions(): Float32Array {
    return this.actRows.view();
  }

  get rewards(): Float64Array {
    return this.rewardRows.view();
  }

  get ends(): Uint8Array {
    return this.endRows.view();
  }

  /** The stored steps, for a checkpoint. */
  getState(): EpisodeBufferState {
    return { obs: Array.from(this.obs), actions: Array.from(this.actions), rewards: Array.from(this.rewards), ends: Array.from(this.ends), episodes: this.episodes };
  }

  /** Replaces the contents with a state taken by `getState`. */
  setState(state: EpisodeBufferState): void {
    this.clear();
    this.obsRows.push(state.obs);
    this.actRows.push(state.actions);
    this.rewardRows.push(state.rewards);
    this.endRows.push(state.ends);
    this.episodes = state.episodes;
  }

  /** Forgets everything. */
  clear(): void {
    this.obsRows.length = 0;
    this.actRows.length = 0;
    this.rewardRows.length = 0;
    this.endRows.length = 0;
    this.episodes = 0;
  }
}
