import seedrandom from 'seedrandom';

/** The saved state of an `Rng`: plain JSON, so it can go into a checkpoint. */
export interface RngState {
  readonly alea: { c: number; s0: number; s1: number; s2: number };
  /** The Box-Muller spare normal, kept so a restored stream continues exactly. */
  readonly spare: number | null;
}

type Alea = seedrandom.PRNG & { state(): RngState['alea'] };

/**
 * A seeded stream of random numbers over seedrandom's Alea generator (fast, small state that can be saved).
 * Every random draw in converge-rl goes through one of these; components `fork()` their own child stream so that
 * adding a component never shifts another's numbers.
 */
export class Rng {
  private gen: Alea;
  private spare: number | null = null;

  /** A stream seeded from `seed` (any integer or string); the same seed always gives the same numbers. */
  constructor(seed: number | string) {
    this.gen = seedrandom.alea(String(seed), { state: true }) as Alea;
  }

  /** A stream that continues exactly from a saved state. */
  static fromState(state: RngState): Rng {
    const rng = new Rng(0);
    rng.setState(state);
    return rng;
  }

  /** The current state, to restore later with `setState` or `Rng.fromState`. */
  getState(): RngState {
    return { alea: this.gen.state(), spare: this.spare };
  }

  /** Continues the stream from a state taken by `getState`. */
  setState(state: RngState): void {
    this.gen = seedrandom.alea('', { state: { ...state.alea } }) as Alea;
    this.spare = state.spare;
  }

  /** A uniform float in [0, 1) with 53 bits of randomness. */
  random(): number {
    return this.gen.double();
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    return this.gen.int32() >>> 0;
  }

  /** A uniform float in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.gen.double();
  }

  /** A uniform integer in [low, high) (high exclusive, like numpy's `integers`). */
  integer(low: number, high: number): number {
    if (!(high > low)) throw new RangeError(`Rng.integer needs low < high, got [${low}, ${high})`);
    return low + Math.floor(this.gen.double() * (high - low));
  }

  /** A normal draw with the given mean and standard deviation (Box-Muller, the spare is kept). */
  normal(mean = 0, std = 1): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return mean + std * z;
    }
    let u = 0;
    while (u === 0) u = this.gen.double();
    const v = this.gen.double();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return mean + std * r * Math.cos(2 * Math.PI * v);
  }

  /** An exponential draw with rate 1. */
  exponential(): number {
    return -Math.log(1 - this.gen.double());
  }

  /** A uniformly chosen element of a non-empty array. */
  choice<T>(items: ArrayLike<T>): T {
    if (items.length === 0) throw new RangeError('Rng.choice needs a non-empty array');
    return items[Math.floor(this.gen.double() * items.length)] as T;
  }

  /** An index drawn with probability proportional to `weights` (non-negative, not all zero). */
  categorical(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i] as number;
    if (!(total > 0) || !Number.isFinite(total)) {
      throw new RangeError(`Rng.categorical needs non-negative finite weights with a positive sum, got sum ${total}`);
    }
    let u = this.gen.double() * total;
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
      const j = Math.floor(this.gen.double() * (i + 1));
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

