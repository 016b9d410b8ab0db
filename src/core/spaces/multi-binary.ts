import { InvalidArgumentError } from '../errors.js';
import type { Rng } from '../rng.js';
import { Space, isNumericArray, type SpaceJSON } from './space.js';

/** A vector of n bits, held as `Int8Array` of 0s and 1s. */
export class MultiBinary extends Space<Int8Array> {
  readonly shape: readonly number[];

  constructor(readonly n: number) {
    super();
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`MultiBinary: n must be a positive integer, got ${n}`);
    this.shape = [n];
  }

  sample(rng: Rng): Int8Array {
    const out = new Int8Array(this.n);
    for (let i = 0; i < this.n; i++) out[i] = rng.random() < 0.5 ? 0 : 1;
    return out;
  }

  contains(x: unknown): x is Int8Array {
    if (!isNumericArray(x) || x.length !== this.n) return false;
    for (let i = 0; i < this.n; i++) if (x[i] !== 0 && x[i] !== 1) return false;
    return true;
  }

  toJSON(): SpaceJSON {
    return { type: 'MultiBinary', n: this.n };
  }

  toString(): string {
    return `MultiBinary(${this.n})`;
  }
}
