import { InvalidArgumentError } from '../errors.js';
import type { Rng } from '../rng.js';
import { Space, type SpaceJSON } from './space.js';

/** The member type of a tuple of spaces. */
export type TupleOf<S extends readonly Space<unknown>[]> = { [K in keyof S]: S[K] extends Space<infer T> ? T : never };

/** A fixed-length tuple of spaces; a member is an array with one member of each. */
export class Tuple<S extends readonly Space<unknown>[]> extends Space<TupleOf<S>> {
  readonly shape: readonly number[] = [];

  constructor(readonly spaces: S) {
    super();
    if (spaces.length === 0) throw new InvalidArgumentError('Tuple: give at least one space');
  }

  sample(rng: Rng): TupleOf<S> {
    return this.spaces.map((s) => s.sample(rng)) as TupleOf<S>;
  }

  contains(x: unknown): x is TupleOf<S> {
    return Array.isArray(x) && x.length === this.spaces.length && this.spaces.every((s, i) => s.contains(x[i]));
  }

  toJSON(): SpaceJSON {
    return { type: 'Tuple', spaces: this.spaces.map((s) => s.toJSON()) };
  }

  toString(): string {
    return `Tuple(${this.spaces.map((s) => s.toString()).join(', ')})`;
  }
}
