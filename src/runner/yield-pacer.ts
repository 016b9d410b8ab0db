/** Milliseconds between yields to the event loop at most, so a signal handler runs soon after the signal. */
const YIELD_MS = 50;
/** Loop iterations between two looks at the clock (reading it every step would cost more than a tabular step). */
const CLOCK_EVERY = 64;

/**
 * What a stepping loop waits for between two steps: the promises its step handed over (`hold`: a checkpoint save,
 * an agent's update), else a turn of the event loop every `every` iterations and at least every 50 ms.
 */
export interface YieldPacer {
  /** Makes the loop wait for `p` before its next step. */
  readonly hold: (p: Promise<unknown>) => void;
  /** Called once per iteration: what to await before the next step, or undefined when nothing is due. */
  settle(): Promise<unknown> | undefined;
}

/** A pacer for a loop that should yield every `every` iterations and at least every 50 ms. */
export function yieldPacer(every: number): YieldPacer {
  let held: Promise<unknown>[] = [];
  let since = 0;
  let last = performance.now();
  return {
    hold: (p) => void held.push(p),
    settle() {
      if (held.length > 0) {
        const waiting = held;
        held = [];
        since = 0;
        return Promise.all(waiting);
      }
      if (++since < every && (since % CLOCK_EVERY !== 0 || performance.now() - last < YIELD_MS)) return undefined;
      since = 0;
      return new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        last = performance.now();
      });
    },
  };
}
