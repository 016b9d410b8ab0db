/** Base class of every error converge-rl throws on purpose; `code` lets callers branch without parsing text. */
export class ConvergeError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A value given to converge-rl is outside what is allowed (an action outside its space, a bad kwarg, NaN). */
export class InvalidArgumentError extends ConvergeError {
  constructor(message: string) {
    super(message, 'ERR_INVALID_ARGUMENT');
  }
}

/** A call came at the wrong moment (step before reset, step after the episode ended). */
export class StateError extends ConvergeError {
  constructor(message: string) {
    super(message, 'ERR_STATE');
  }
}

/** A name was looked up that is not registered (environment id, algorithm, notebook). */
export class NotFoundError extends ConvergeError {
  constructor(message: string) {
    super(message, 'ERR_NOT_FOUND');
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
