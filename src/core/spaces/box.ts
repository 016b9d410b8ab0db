import { InvalidArgumentError } from '../errors.js';
import type { Rng } from '../rng.js';
import { Space, formatShape, isNumericArray, type SpaceJSON } from './space.js';

/** Bounds for a `Box`: one number for every entry, or one number per entry. */
export type Bounds = number | ArrayLike<number>;

/**
 * A box in R^n, [low, high] entrywise, holding `Float32Array`s (row-major for shapes of more than one axis).
 * Bounds may be infinite; sampling then follows Gymnasium (normal, or shifted exponential for half-bounded entries).
 */
export class Box extends Space<Float32Array> {
  readonly low: Float32Array;
  readonly high: Float32Array;
  readonly shape: readonly number[];
  /** The number of entries, the product of the shape. */
  readonly size: number;

  constructor(low: Bounds, high: Bounds, shape?: readonly number[]) {
    super();
    const inferred = shape ?? (typeof low !== 'number' ? [low.length] : typeof high !== 'number' ? [high.length] : undefined);
    if (!inferred) throw new InvalidArgumentError('Box: give a shape when both bounds are scalars');
    if (!inferred.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new InvalidArgumentError(`Box: shape must hold non-negative integers, got ${formatShape(inferred)}`);
    }
    this.shape = [...inferred];
    this.size = inferred.reduce((a, b) => a * b, 1);
    this.low = Box.broadcast(low, this.size, 'low');
    this.high = Box.broadcast(high, this.size, 'high');
    for (let i = 0; i < this.size; i++) {
      if (Number.isNaN(this.low[i]) || Number.isNaN(this.high[i]) || (this.low[i] as number) > (this.high[i] as number)) {
        throw new InvalidArgumentError(`Box: need low <= high at entry ${i}, got low ${this.low[i]}, high ${this.high[i]}`);
      }
    }
  }

  private static broadcast(bound: Bounds, size: number, name: string): Float32Array {
    if (typeof bound === 'number') return new Float32Array(size).fill(bound);
    if (bound.length !== size) throw new InvalidArgumentError(`Box: ${name} has ${bound.length} entries, the shape needs ${size}`);
    return Float32Array.from(bound);
  }

  /** Whether every entry has both bounds finite. */
  isBounded(): boolean {
    for (let i = 0; i < this.size; i++) {
      if (!Number.isFinite(this.low[i]) || !Number.isFinite(this.high[i])) return false;
    }
    return true;
  }

  sample(rng: Rng): Float32Array {
    const out = new Float32Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const lo = this.low[i] as number;
      const hi = this.high[i] as number;
      const loFinite = Number.isFinite(lo);
      const hiFinite = Number.isFinite(hi);
      if (loFinite && hiFinite) out[i] = rng.uniform(lo, hi);
      else if (loFinite) out[i] = lo + rng.exponential();
      else if (hiFinite) out[i] = hi - rng.exponential();
      else out[i] = rng.normal();
    }
    return out;
  }

  contains(x: unknown): x is Float32Array {
    if (!isNumericArray(x) || x.length !== this.size) return false;
    for (let i = 0; i < this.size; i++) {
      const v = x[i] as number;
      // Compare in float32, the dtype of the box, as Gymnasium casts before checking.
      const v32 = Math.fround(v);
      if (!(v32 >= (this.low[i] as number) && v32 <= (this.high[i] as number))) return false;
    }
    return true;
  }

  toJSON(): SpaceJSON {
    return { type: 'Box', low: Array.from(this.low), high: Array.from(this.high), shape: [...this.shape], dtype: 'float32' };
  }

  toString(): string {
    const uniform = (a: Float32Array) => a.every((v) => v === a[0]);
    const fmt = (a: Float32Array) => (uniform(a) && a.length > 0 ? formatNumber(a[0] as number) : `[${Array.from(a, formatNumber).join(' ')}]`);
    return `Box(${fmt(this.low)}, ${fmt(this.high)}, ${formatShape(this.shape)}, float32)`;
  }
}

/** The shortest decimal that reads back as the same float32 (as NumPy prints `4.8`, not `4.800000190734863`). */
function formatNumber(v: number): string {
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  let shortest = v;
  for (let digits = 1; digits <= 9; digits++) {
    shortest = Number(v.toPrecision(digits));
    if (Math.fround(shortest) === v) break;
  }
  const text = String(shortest);
  return /^-?\d+$/.test(text) ? `${text}.0` : text;
}
