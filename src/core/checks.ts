import { InvalidArgumentError, describeValue } from './errors.js';

/** Throws unless `value` is an integer >= `min`; `name` says where it came from (e.g. "RingBuffer: capacity"). */
export function checkInteger(name: string, value: number, min = 1): void {
  if (!Number.isInteger(value) || value < min) {
    throw new InvalidArgumentError(`${name} must be an integer >= ${min}, got ${describeValue(value)}`);
  }
}

/** Throws unless `value` lies in [low, high] and is a number (not NaN). */
export function checkInRange(name: string, value: number, low: number, high: number): void {
  if (typeof value !== 'number' || !(value >= low && value <= high)) {
    throw new InvalidArgumentError(`${name} must be in [${low}, ${high}], got ${describeValue(value)}`);
  }
}

/** Throws unless `array` has exactly `length` entries. */
export function checkLength(name: string, array: ArrayLike<number>, length: number): void {
  if (array.length !== length) {
    throw new InvalidArgumentError(`${name} must have ${length} entries, got ${array.length}`);
  }
}
