import seedrandom from 'seedrandom';

/** The saved state of an `Rng`: plain JSON, so it can go into a checkpoint. */
export interface RngState {
  readonly alea: { c: number; s0: number; s1: number; s2: number };
  /** The Box-Muller spare normal, kept so a restored stream continues exactly. */
  readonly spare: number | null;
}

/** 2^-32 and 2^-53, the scales of Alea's outputs. */
const TWO_POW_MINUS_32 = 2.3283064365386963e-10;
const TWO_POW_MINUS_53 = 1.1102230246251565e-16;

/**
 * A seeded stream of random numbers: seedrandom's Alea generator (fast, small state that can be saved).
 * Every random draw in converge-rl goes through one of these; components `fork()` their own child stream so that
 * adding a component never shifts another's numbers.
 *
 * seedrandom seeds the generator; the three-line Alea step then runs on this object's own fields, because calling
 * through seedrandom's function object costs about 10 ns a draw, a third of a tabular Q-learning update. The stream
 * is seedrandom's to the bit (`random()` is its `double()`, `uint32()` its `int32() >>> 0`; a test checks it).
 */
export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private c = 1;
  private spare: number | null = null;

  /** A stream seeded from `seed` (any integer or string); the same seed always gives the same numbers. */
  constructor(seed: number | string) {
    this.setState({ alea: (seedrandom.alea(String(seed), { state: true }) as unknown as { state(): RngState['alea'] }).state(), spare: null });
  }

  /** A stream that continues exactly from a saved state. */
  static fromState(state: RngState): Rng {
    const rng = new Rng(0);
    rng.setState(state);
    return rng;
  }

  /** The current state, to restore later with `setState` or `Rng.fromState`. */
  getState(): RngState {
    return { alea: { c: this.c, s0: this.s0, s1: this.s1, s2: this.s2 }, spare: this.spare };
  }

  /** Continues the stream from a state taken by `getState`. */
  setState(state: RngState): void {
    ({ c: this.c, s0: this.s0, s1: this.s1, s2: this.s2 } = state.alea);
    this.spare = state.spare;
  }

  /** One Alea step: a uniform float in [0, 1) with 32 bits of randomness. */
  private next(): number {
    const t = 2091639 * this.s0 + this.c * TWO_POW_MINUS_32;
    this.s0 = this.s1;
    this.s1 = this.s2;
    this.c = t | 0;
    this.s2 = t - this.c;
    return this.s2;
  }

  /** A uniform float in [0, 1) with 53 bits of randomness. */
  random(): number {
    return this.next() + ((this.next() * 0x200000) | 0) * TWO_POW_MINUS_53;
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    return (this.next() * 0x100000000) >>> 0;
  }

  /** A uniform float in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.random();
  }

  /** A uniform integer in [low, high) (high exclusive, like numpy's `integers`). */
  integer(low: number, high: number): number {
    if (!(high > low)) throw new RangeError(`Rng.integer needs low < high, got [${low}, ${high})`);
    return low + Math.floor(this.random() * (high - low));
  }

  /** A normal draw with the given mean and standard deviation (Box-Muller, the spare is kept). */
  normal(mean = 0, std = 1): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return mean + std * z;
    }
    let u = 0;
    while (u === 0) u = this.random();
    const v = this.random();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return mean + std * r * Math.cos(2 * Math.PI * v);
  }

  /** An exponential draw with rate 1. */
  exponential(): number {
    return -Math.log(1 - this.random());
  }

  /** A uniformly chosen element of a non-empty array. */
  choice<T>(items: ArrayLike<T>): T {
    if (items.length === 0) throw new RangeError('Rng.choice needs a non-empty array');
    return items[Math.floor(this.random() * items.length)] as T;
  }

  /** An index drawn with probability proportional to `weights` (non-negative, not all zero). */
  categorical(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i] as number;
    if (!(total > 0) || !Number.isFinite(total)) {
      throw new RangeError(`Rng.categorical needs non-negative finite weights with a positive sum, got sum ${total}`);
    }
    let u = this.random() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i] as number;
      if (u < 0) return i;
    }
    // Rounding can leave u at a hair above 0: return the last index with positive weight.
    for (let i = weights.length - 1; i >= 0; i--) if ((weights[i] as number) > 0) return i;
    return weights.length - 1;
  }

  /** Shuffles `items` in place (Fisher-Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** An independent child stream; the parent advances by one draw, so forks made in order are reproducible. */
  fork(): Rng {
    return new Rng(`fork:${this.uint32()}:${this.uint32()}`);
  }
}

