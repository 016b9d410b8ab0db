import { ConvergeError, InvalidArgumentError, NotFoundError, StateError } from '../../core/errors.js';

/** Slots of a worker's control array (an `Int32Array` over a SharedArrayBuffer). */
export const Ctrl = {
  /** The command of the current request. */
  CMD: 0,
  /** Bumped by the main thread to post a request; the worker waits on it. */
  SEQ: 1,
  /** Set by the worker to SEQ when it has answered; the main thread waits on it. */
  DONE: 2,
  /** 0 when the answer is a success, 1 when the message region holds an error. */
  STATUS: 3,
  /** Bytes of JSON in the message region (0: none). */
  LEN: 4,
  SIZE: 5,
} as const;

/** Request codes. */
export const Cmd = { RESET: 1, STEP: 2, CLOSE: 3, SNAPSHOT: 4, RESTORE: 5 } as const;

/** Bytes of each worker's message region (reset options or a snapshot in; infos, a snapshot or an error out). */
export const MESSAGE_BYTES = 1 << 16;

/** What a worker is started with (structured-cloned; the buffers are shared, not copied). */
export interface WorkerSetup {
  readonly id: string;
  readonly kwargs: Readonly<Record<string, unknown>>;
  readonly maxEpisodeSteps: number | undefined;
  readonly modules: readonly string[];
  /** This worker's copies are [start, start + count) of the batch. */
  readonly start: number;
  readonly count: number;
  readonly ctrl: SharedArrayBuffer;
  readonly message: SharedArrayBuffer;
  readonly observations: SharedArrayBuffer;
  readonly rewards: SharedArrayBuffer;
  readonly terminated: SharedArrayBuffer;
  readonly truncated: SharedArrayBuffer;
  readonly autoreset: SharedArrayBuffer;
  readonly actions: SharedArrayBuffer;
  readonly actionsAreFloat: boolean;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Writes `value` as JSON into the message region and its length into the control array. */
export function writeMessage(ctrl: Int32Array, region: Uint8Array, value: unknown): void {
  const bytes = encoder.encode(JSON.stringify(value));
  if (bytes.length > region.length) {
    throw new InvalidArgumentError(`AsyncVectorEnv: a message of ${bytes.length} bytes does not fit the ${region.length}-byte region (infos too large?)`);
  }
  region.set(bytes);
  ctrl[Ctrl.LEN] = bytes.length;
}

/** Reads the JSON in the message region, or undefined when there is none. */
export function readMessage(ctrl: Int32Array, region: Uint8Array): unknown {
  const n = ctrl[Ctrl.LEN] as number;
  // TextDecoder will not read a view over shared memory, so copy the bytes out first.
  return n === 0 ? undefined : JSON.parse(decoder.decode(region.slice(0, n)));
}

/** An error as it crosses threads. */
export interface ErrorData {
  readonly name: string;
  readonly message: string;
}

/** Rebuilds an error thrown in a worker as the same converge-rl error class on this thread. */
export function reviveError(data: ErrorData): Error {
  const classes: Record<string, new (message: string) => ConvergeError> = { InvalidArgumentError, StateError, NotFoundError };
  const Class = classes[data.name];
  if (Class) return new Class(data.message);
  const err = new Error(data.message);
  err.name = data.name;
  return err;
}
