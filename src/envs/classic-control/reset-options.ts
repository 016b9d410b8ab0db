import { InvalidArgumentError, describeValue } from '../../core/errors.js';

/** Reads the number `options[name]`, or `fallback` when absent; anything but a finite number is an error. */
export function numberOption(envId: string, options: Readonly<Record<string, unknown>> | undefined, name: string, fallback: number): number {
  if (options === undefined) return fallback;
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError(`${envId}: reset options ${describeValue(options)} must be an object such as { ${name}: 0 }`);
  }
  if (options[name] === undefined) return fallback;
  const value = options[name];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidArgumentError(`${envId}: reset option ${name} is ${describeValue(value)}, must be a finite number`);
  }
  return value;
}

/**
 * The range of the uniform initial state: `options.low`/`options.high` over the defaults, as Gymnasium's
 * `maybe_parse_reset_bounds` (which also rejects low > high).
 */
export function resetBounds(
  envId: string,
  options: Readonly<Record<string, unknown>> | undefined,
  defaultLow: number,
  defaultHigh: number,
): [low: number, high: number] {
  const low = numberOption(envId, options, 'low', defaultLow);
  const high = numberOption(envId, options, 'high', defaultHigh);
  if (low > high) throw new InvalidArgumentError(`${envId}: reset option low ${low} must not exceed high ${high}`);
  return [low, high];
}
