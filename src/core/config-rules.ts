/** A check of one setting: undefined when the value is allowed, else what is allowed (for the error message). */
export type Rule = (v: unknown) => string | undefined;

/** An integer >= `min`. */
export const int = (min: number): Rule => (v) => (typeof v === 'number' && Number.isInteger(v) && v >= min ? undefined : `an integer >= ${min}`);

/** A number in [lo, hi], or (lo, hi] when `loOpen`. */
export const num = (lo: number, hi: number, loOpen = false): Rule => (v) =>
  typeof v === 'number' && (loOpen ? v > lo : v >= lo) && v <= hi ? undefined : `a number in ${loOpen ? '(' : '['}${lo}, ${hi}]`;

/** One of the listed values. */
export const oneOf = (...allowed: readonly unknown[]): Rule => (v) => (allowed.includes(v) ? undefined : `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);

/** An array of at least `minLength` positive integers (layer widths). */
export const sizes = (minLength: number): Rule => (v) =>
  Array.isArray(v) && v.length >= minLength && v.every((w) => Number.isInteger(w) && w >= 1)
    ? undefined
    : `${minLength > 0 ? 'a non-empty' : 'an'} array of positive integers`;
