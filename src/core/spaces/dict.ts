import { InvalidArgumentError } from '../errors.js';
import type { Rng } from '../rng.js';
import { Space, type SpaceJSON } from './space.js';

/** The member type of a record of spaces. */
export type DictOf<S extends Record<string, Space<unknown>>> = { [K in keyof S]: S[K] extends Space<infer T> ? T : never };

/** A record of named spaces; a member is an object with one member of each, keyed alike. */
export class Dict<S extends Record<string, Space<unknown>>> extends Space<DictOf<S>> {
  readonly shape: readonly number[] = [];
  /** Keys in sorted order, as Gymnasium keeps them, so sampling order does not depend on insertion order. */
  readonly keys: readonly string[];

  constructor(readonly spaces: S) {
    super();
    this.keys = Object.keys(spaces).sort();
    if (this.keys.length === 0) throw new InvalidArgumentError('Dict: give at least one space');
  }

  sample(rng: Rng): DictOf<S> {
    const out: Record<string, unknown> = {};
    for (const k of this.keys) out[k] = (this.spaces[k] as Space<unknown>).sample(rng);
    return out as DictOf<S>;
  }

  contains(x: unknown): x is DictOf<S> {
    if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
    const rec = x as Record<string, unknown>;
    if (Object.keys(rec).length !== this.keys.length) return false;
    return this.keys.every((k) => k in rec && (this.spaces[k] as Space<unknown>).contains(rec[k]));
  }

  toJSON(): SpaceJSON {
    const spaces: Record<string, SpaceJSON> = {};
    for (const k of this.keys) spaces[k] = (this.spaces[k] as Space<unknown>).toJSON();
    return { type: 'Dict', spaces };
  }

  toString(): string {
    return `Dict(${this.keys.map((k) => `'${k}': ${(this.spaces[k] as Space<unknown>).toString()}`).join(', ')})`;
  }
}
