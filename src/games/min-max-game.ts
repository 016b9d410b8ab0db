import { InvalidArgumentError } from '../core/errors.js';

/** A point (x, y) of a min-max game: x minimises, y maximises. */
export interface MinMaxPoint {
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/** The partial gradients (∇_x f, ∇_y f) of a min-max objective at a point. */
export interface MinMaxGradients {
  readonly gx: Float64Array;
  readonly gy: Float64Array;
}

/** A smooth two-player zero-sum game min_x max_y f(x, y), given by its partial gradients. */
export interface MinMaxGame {
  readonly name: string;
  readonly dimX: number;
  readonly dimY: number;
  /** ∇_x f(x, y) and ∇_y f(x, y). */
  gradients(x: ArrayLike<number>, y: ArrayLike<number>): MinMaxGradients;
  /** A known equilibrium, when there is one, to measure distances against. */
  readonly equilibrium?: MinMaxPoint;
}

/**
 * The bilinear game min_x max_y xᵀAy (default A = [[1]]: min_x max_y xy), whose unique equilibrium for an invertible
 * A is (0, 0); simultaneous gradient descent-ascent spirals out of it, optimistic and extragradient methods converge.
 */
export function bilinearGame(A: ReadonlyArray<ReadonlyArray<number>> = [[1]]): MinMaxGame {
  const m = A.length;
  const n = m === 0 ? 0 : (A[0] as readonly number[]).length;
  if (m === 0 || n === 0) throw new InvalidArgumentError('bilinearGame: A must have at least one row and column');
  A.forEach((row, i) => {
    if (row.length !== n) throw new InvalidArgumentError(`bilinearGame: row ${i} of A has ${row.length} entries, expected ${n}`);
  });
  return {
    name: m === 1 && n === 1 && A[0]![0] === 1 ? 'Bilinear(xy)' : `Bilinear(${m}x${n})`,
    dimX: m,
    dimY: n,
    gradients(x, y) {
      const gx = new Float64Array(m);
      const gy = new Float64Array(n);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          const a = A[i]![j] as number;
          gx[i]! += a * (y[j] as number);
          gy[j]! += a * (x[i] as number);
        }
      }
      return { gx, gy };
    },
    equilibrium: { x: new Float64Array(m), y: new Float64Array(n) },
  };
}

/** Euclidean distance between two points of a min-max game. */
export function pointDistance(p: MinMaxPoint, q: MinMaxPoint): number {
  let s = 0;
  for (let i = 0; i < p.x.length; i++) s += ((p.x[i] as number) - (q.x[i] as number)) ** 2;
  for (let j = 0; j < p.y.length; j++) s += ((p.y[j] as number) - (q.y[j] as number)) ** 2;
  return Math.sqrt(s);
}

/** x + c·d, elementwise (a new array). */
export function axpy(x: ArrayLike<number>, c: number, d: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: x.length }, (_, i) => (x[i] as number) + c * (d[i] as number));
}
