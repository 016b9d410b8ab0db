import { InvalidArgumentError } from '../errors.js';
import type { Rng } from '../rng.js';
import { Space, type SpaceJSON } from './space.js';

/** The integers {start, ..., start + n - 1}. */
export class Discrete extends Space<number> {
  readonly shape: readonly number[] = [];

  constructor(
    readonly n: number,
    readonly start = 0,
  ) {
    super();
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`Discrete: n must be a positive integer, got ${n}`);
    if (!Number.isInteger(start)) throw new InvalidArgumentError(`Discrete: start must be an integer, got ${start}`);
  }

  sample(rng: Rng): number {
    return this.start + Math.floor(rng.random() * this.n);
  }

  contains(x: unknown): x is number {
    return typeof x === 'number' && Number.isInteger(x) && x >= this.start && x < this.start + this.n;
  }

  toJSON(): SpaceJSON {
    return { type: 'Discrete', n: this.n, start: this.start };
  }

  toString(): string {
    return this.start === 0 ? `Discrete(${this.n})` : `Discrete(${this.n}, start=${this.start})`;
  }
}
