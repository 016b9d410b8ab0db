import { InvalidArgumentError } from '../errors.js';
import type { Rng } from '../rng.js';
import { Space, isNumericArray, type SpaceJSON } from './space.js';

/** A vector of discrete choices, entry i in {0, ..., nvec[i] - 1}, held as `Int32Array`. */
export class MultiDiscrete extends Space<Int32Array> {
  readonly nvec: Int32Array;
  readonly shape: readonly number[];

  constructor(nvec: ArrayLike<number>) {
    super();
    if (nvec.length === 0) throw new InvalidArgumentError('MultiDiscrete: nvec must not be empty');
    for (let i = 0; i < nvec.length; i++) {
      const n = nvec[i] as number;
      if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`MultiDiscrete: nvec[${i}] must be a positive integer, got ${n}`);
    }
    this.nvec = Int32Array.from(nvec);
    this.shape = [nvec.length];
  }

  sample(rng: Rng): Int32Array {
    const out = new Int32Array(this.nvec.length);
    for (let i = 0; i < out.length; i++) out[i] = Math.floor(rng.random() * (this.nvec[i] as number));
    return out;
  }

  contains(x: unknown): x is Int32Array {
    if (!isNumericArray(x) || x.length !== this.nvec.length) return false;
    for (let i = 0; i < x.length; i++) {
      const v = x[i] as number;
      if (!Number.isInteger(v) || v < 0 || v >= (this.nvec[i] as number)) return false;
    }
    return true;
  }

  toJSON(): SpaceJSON {
    return { type: 'MultiDiscrete', nvec: Array.from(this.nvec) };
  }

  toString(): string {
    return `MultiDiscrete([${Array.from(this.nvec).join(' ')}])`;
  }
}
