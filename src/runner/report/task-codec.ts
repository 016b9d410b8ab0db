/**
 * The wire form of a task's arguments and result: JSON text that also carries NaN, ±Infinity and −0 exactly (JSON
 * writes the first three as null and −0 as 0), so a task run on a thread or through Redis gets and gives back the
 * same numbers as one run in place. A number JSON cannot hold becomes `{"~": "NaN" | "Infinity" | "-Infinity" |
 * "-0"}`; a plain object that itself has a key `~` is wrapped as `{"~": "o", "v": {...}}`, so no value is mistaken
 * for a tag. Anything but plain data (a typed array, a Map, a class instance, a function) is refused with its path.
 */
import { describeValue, InvalidArgumentError } from '../../core/errors.js';
import { isPlainObject } from '../../core/plain-object.js';

const TAG = '~';

function numberToWire(n: number): number | { [TAG]: string } {
  if (Number.isNaN(n)) return { [TAG]: 'NaN' };
  if (n === Infinity) return { [TAG]: 'Infinity' };
  if (n === -Infinity) return { [TAG]: '-Infinity' };
  if (Object.is(n, -0)) return { [TAG]: '-0' };
  return n;
}

function toWire(x: unknown, path: string): unknown {
  if (x === null || typeof x === 'string' || typeof x === 'boolean') return x;
  if (typeof x === 'number') return numberToWire(x);
  if (Array.isArray(x)) {
    return x.map((v, i) => {
      if (v === undefined) throw new InvalidArgumentError(`task data at ${path}[${i}] is undefined; an array of task data holds plain values only (use null)`);
      return toWire(v, `${path}[${i}]`);
    });
  }
  if (isPlainObject(x)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) if (v !== undefined) out[k] = toWire(v, `${path}.${k}`);
    return TAG in x ? { [TAG]: 'o', v: out } : out;
  }
  const kind = typeof x === 'object' ? `a ${(x as object).constructor?.name ?? 'object'}` : typeof x === 'function' ? 'a function' : `${typeof x} ${describeValue(x)}`;
  const what = ArrayBuffer.isView(x) ? `${kind} (use Array.from)` : kind;
  throw new InvalidArgumentError(`task data at ${path} is ${what}; tasks take and return plain data only: JSON values, NaN and ±Infinity`);
}

const NUMBER_TAGS: Readonly<Record<string, number>> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

function fromWire(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(fromWire);
  if (typeof x !== 'object' || x === null) return x;
  const o = x as Record<string, unknown>;
  if (TAG in o) {
    const tag = o[TAG];
    if (tag === 'o' && typeof o.v === 'object' && o.v !== null) return decodeEntries(o.v as Record<string, unknown>);
    if (typeof tag === 'string' && tag in NUMBER_TAGS) return NUMBER_TAGS[tag];
    throw new InvalidArgumentError(`task data: unknown tag ${describeValue(tag)} in the wire form`);
  }
  return decodeEntries(o);
}

function decodeEntries(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = fromWire(v);
  return out;
}

/** The wire form (JSON text) of plain task data; `what` names the value in an error ("args", "result"). */
export function encodeTaskData(x: unknown, what = 'value'): string {
  return JSON.stringify(toWire(x, what));
}

/** The plain data a wire form (from `encodeTaskData`) stands for. */
export function decodeTaskData(text: string): unknown {
  return fromWire(JSON.parse(text) as unknown);
}
