import { EMPTY, fromEvent, of, type Observable } from 'rxjs';

/** The signals that stop a run after a checkpoint, with the exit code of each (128 + the signal's number). */
export const INTERRUPT_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/** SIGINT (Ctrl-C) or SIGTERM (`kill`). */
export type InterruptSignal = keyof typeof INTERRUPT_EXIT_CODES;

/**
 * Runs `f` with an abort signal that the first SIGINT or SIGTERM fires, with the signal's name as its `reason`; the
 * handlers are then removed, so a second one ends the process as usual.
 */
export async function withInterrupt<T>(f: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  const names = Object.keys(INTERRUPT_EXIT_CODES) as InterruptSignal[];
  const handlers = names.map((name) => [name, () => stop(name)] as const);
  const remove = () => {
    for (const [name, h] of handlers) process.removeListener(name, h);
  };
  function stop(name: InterruptSignal): void {
    remove();
    ac.abort(name);
  }
  for (const [name, h] of handlers) process.once(name, h);
  try {
    return await f(ac.signal);
  } finally {
    remove();
  }
}

/** The exit code of a run stopped by `signal` (130 for SIGINT, 143 for SIGTERM). */
export function interruptExitCode(signal: AbortSignal): number {
  return INTERRUPT_EXIT_CODES[signal.reason as InterruptSignal] ?? INTERRUPT_EXIT_CODES.SIGINT;
}

/**
 * Emits once when `signal` aborts, so `takeUntil` stops a run's loop; at once when it aborted before the loop started
 * (Ctrl-C while the backend loaded), since 'abort' will not fire again. Never, without a signal.
 */
export function aborted$(signal: AbortSignal | undefined): Observable<unknown> {
  return signal === undefined ? EMPTY : signal.aborted ? of(true) : fromEvent(signal, 'abort');
}
