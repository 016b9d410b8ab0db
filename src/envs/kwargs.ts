import { InvalidArgumentError, describeValue } from '../core/errors.js';

/** How one constructor kwarg is read: its default, a membership test, and the allowed values in words. */
export interface KwargRule<T> {
  readonly default: T;
  /** The allowed values as a message shows them, e.g. `a finite number`. */
  readonly allowed: string;
  readonly check: (value: unknown) => value is T;
}

/** One rule per kwarg of an environment. */
export type KwargRules<T> = { readonly [K in keyof T]: KwargRule<T[K]> };

/** A kwarg that is `true` or `false`. */
export function booleanKwarg(defaultValue: boolean): KwargRule<boolean> {
  return { default: defaultValue, allowed: 'true or false', check: (v): v is boolean => typeof v === 'boolean' };
}

/** A finite number not below `min` (unbounded below when `min` is omitted). */
export function numberKwarg(defaultValue: number, min = -Infinity): KwargRule<number> {
  return {
    default: defaultValue,
    allowed: min === -Infinity ? 'a finite number' : `a finite number >= ${min}`,
    check: (v): v is number => typeof v === 'number' && Number.isFinite(v) && v >= min,
  };
}

/** One of a fixed list of strings. */
export function choiceKwarg<C extends string>(defaultValue: C, choices: readonly C[]): KwargRule<C> {
  return {
    default: defaultValue,
    allowed: `one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`,
    check: (v): v is C => typeof v === 'string' && (choices as readonly string[]).includes(v),
  };
}

/**
 * Reads an environment's constructor kwargs over their defaults. An unknown kwarg or a value outside its rule
 * throws `InvalidArgumentError` naming the environment, the kwarg, the value and what is allowed; a kwarg given
 * as `undefined` keeps its default.
 */
export function parseKwargs<T extends object>(envId: string, kwargs: object | undefined, rules: KwargRules<T>): T {
  const names = Object.keys(rules) as (keyof T & string)[];
  const out = {} as T;
  for (const name of names) out[name] = rules[name].default;
  for (const [name, value] of Object.entries(kwargs ?? {})) {
    if (!(names as string[]).includes(name)) {
      const allowed = names.length === 0 ? 'it takes no kwargs' : `allowed kwargs: ${names.join(', ')}`;
      throw new InvalidArgumentError(`${envId}: unknown kwarg ${JSON.stringify(name)}; ${allowed}`);
    }
    if (value === undefined) continue;
    const rule = rules[name as keyof T & string];
    if (!rule.check(value)) {
      throw new InvalidArgumentError(`${envId}: kwarg ${name} is ${describeValue(value)}, must be ${rule.allowed}`);
    }
    out[name as keyof T & string] = value;
  }
  return out;
}
