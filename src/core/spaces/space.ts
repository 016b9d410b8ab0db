import type { Rng } from '../rng.js';

/** A JSON description of a space, enough to rebuild it. */
export type SpaceJSON = { readonly type: string } & Record<string, unknown>;

/**
 * The set of valid actions or observations, as in Gymnasium: it can draw a random member, test membership and
 * describe itself. `T` is the type of one member.
 */
export abstract class Space<T> {
  /** The shape of one member; `[]` for a scalar, and `[]` for composite spaces (see their parts). */
  abstract readonly shape: readonly number[];

  /** A uniformly random member (or Gymnasium's distribution for unbounded boxes), drawn from `rng`. */
  abstract sample(rng: Rng): T;

  /** Whether `x` is a member: right type, right shape, every entry within bounds. */
  abstract contains(x: unknown): x is T;

  /** A JSON description of the space. */
  abstract toJSON(): SpaceJSON;

  /** A short human-readable form for messages, like Gymnasium's repr (`Discrete(2)`, `Box(-1.0, 1.0, (3,), float32)`). */
  abstract toString(): string;
}

/** Formats a shape as Python does (`(4,)`, `(2, 3)`), so messages read like Gymnasium's. */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** Whether `x` is an array-like of numbers (a plain array or a typed array, not a DataView). */
export function isNumericArray(x: unknown): x is ArrayLike<number> {
  if (ArrayBuffer.isView(x)) return !(x instanceof DataView) && !(x instanceof BigInt64Array) && !(x instanceof BigUint64Array);
  return Array.isArray(x) && x.every((v) => typeof v === 'number');
}
