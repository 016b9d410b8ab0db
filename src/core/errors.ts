/**
 * Base class of every error converge-rl throws on purpose; `code` lets callers branch without parsing text.
 * A subclass's `instanceof` also matches by code and name, not class identity alone: when two copies of the library
 * are loaded (a user's env module importing it by another path, CommonJS beside ES modules), an error from one copy
 * is still an `InvalidArgumentError` (or `StateError`, `NotFoundError`) of the other.
 */
export class ConvergeError extends Error {
  /** The `code` of this class's errors (undefined on the base class, which matches by prototype only). */
  static readonly errorCode: string | undefined = undefined;

  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (this.errorCode === undefined || !(value instanceof Error)) return false;
    return (value as Error & { code?: unknown }).code === this.errorCode && value.name === this.name;
  }
}

/** A value given to converge-rl is outside what is allowed (an action outside its space, a bad kwarg, NaN). */
export class InvalidArgumentError extends ConvergeError {
  static override readonly errorCode = 'ERR_INVALID_ARGUMENT';
  constructor(message: string) {
    super(message, InvalidArgumentError.errorCode);
  }
}

/** A call came at the wrong moment (step before reset, step after the episode ended). */
export class StateError extends ConvergeError {
  static override readonly errorCode = 'ERR_STATE';
  constructor(message: string) {
    super(message, StateError.errorCode);
  }
}

/** A name was looked up that is not registered (environment id, algorithm, notebook). */
export class NotFoundError extends ConvergeError {
  static override readonly errorCode = 'ERR_NOT_FOUND';
  constructor(message: string) {
    super(message, NotFoundError.errorCode);
  }
}

/** A file converge-rl wrote earlier (a checkpoint, a run's config or log) is damaged: truncated, unparsable, or its checksum differs. */
export class CorruptFileError extends ConvergeError {
  static override readonly errorCode = 'ERR_CORRUPT_FILE';
  constructor(message: string) {
    super(message, CorruptFileError.errorCode);
  }
}

/** An environment broke its contract while a run used it: it threw, or returned a non-finite or out-of-space value. */
export class EnvError extends ConvergeError {
  static override readonly errorCode = 'ERR_ENV';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, EnvError.errorCode);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** Formats a value for an error message: short, and exact for numbers (NaN and Infinity included). */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const items = Array.from(value as unknown as ArrayLike<number>, (v) => describeValue(v));
    return `[${items.length > 8 ? `${items.slice(0, 8).join(', ')}, …` : items.join(', ')}]`;
  }
  if (Array.isArray(value)) {
    const items = value.map((v) => describeValue(v));
    return `[${items.length > 8 ? `${items.slice(0, 8).join(', ')}, …` : items.join(', ')}]`;
  }
  try {
    const json = JSON.stringify(value);
    return json === undefined ? String(value) : json.length > 120 ? `${json.slice(0, 117)}...` : json;
  } catch {
    return String(value);
  }
}
