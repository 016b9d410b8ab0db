import { InvalidArgumentError, describeValue } from './errors.js';

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

/** Each setting's default, rule and (optionally) one line of help: the one table a config is resolved and described from. */
export type Schema = Readonly<Record<string, readonly [unknown, Rule, string?]>>;

/** The defaults of a schema, key by key. */
export function defaultsOf(schema: Schema): Record<string, unknown> {
  return Object.fromEntries(Object.entries(schema).map(([key, [def]]) => [key, def]));
}

/** One help line per setting: `key (default value; allowed range): help`, for CLI help and docs. */
export function describeSchema(schema: Schema): string[] {
  // A rule applied to a value no rule allows returns what is allowed.
  const allowed = (rule: Rule): string => rule(Symbol('none')) ?? 'any value';
  return Object.entries(schema).map(([key, [def, rule, help]]) => `${key} (default ${JSON.stringify(def)}; ${allowed(rule)})${help ? `: ${help}` : ''}`);
}

/**
 * Validates `given` against `schema` and fills in defaults; throws `InvalidArgumentError` naming an unknown key
 * (with the allowed ones) or a bad value (with what it must be), prefixed by `owner`. Keys in `renamed` (old → new)
 * are first read under their current names.
 */
export function resolveSchema(owner: string, schema: Schema, given: Readonly<Record<string, unknown>>, renamed: RenamedKeys = {}): Record<string, unknown> {
  const hyper = withCurrentNames(owner, schema, renamed, given);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(hyper)) {
    if (!(key in schema)) throw new InvalidArgumentError(`${owner}: unknown hyperparameter ${JSON.stringify(key)}; allowed: ${Object.keys(schema).join(', ')}`);
  }
  for (const [key, [def, check]] of Object.entries(schema)) {
    const v = key in hyper ? hyper[key] : def;
    const want = check(v);
    if (want !== undefined) throw new InvalidArgumentError(`${owner}: ${key} is ${describeValue(v)}; it must be ${want}`);
    out[key] = v;
  }
  return out;
}

/** A table's keys of earlier versions and the names they go by now (old → new). */
export type RenamedKeys = Readonly<Record<string, string>>;

/**
 * `hyper` with the keys of earlier versions under their current names (a settings file or a run's saved config
 * written before a rename still loads). An old boolean switch read into a schedule (`linearLr: true`) becomes
 * 'linear' or 'constant'. An old key whose new name is not in `schema` is left alone (and refused there as unknown);
 * both names with different values is an `InvalidArgumentError`.
 */
function withCurrentNames(owner: string, schema: Schema, renamed: RenamedKeys, hyper: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(hyper)) {
    const name = renamed[key];
    if (name === undefined || !(name in schema)) {
      out[key] = value;
      continue;
    }
    const v = name.endsWith('Schedule') && typeof value === 'boolean' ? (value ? 'linear' : 'constant') : value;
    if (name in hyper && JSON.stringify(hyper[name]) !== JSON.stringify(v)) {
      throw new InvalidArgumentError(`${owner}: ${key} (the old name of ${name}) is ${describeValue(value)} but ${name} is ${describeValue(hyper[name])}; give one`);
    }
    out[name] = v;
  }
  return out;
}
