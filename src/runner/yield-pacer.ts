/** Milliseconds between yields to the event loop at most, so a signal handler runs soon after the signal. */
const YIELD_MS = 50;
/** Loop iterations between two looks at the clock (reading it every step would cost more than a tabular step). */
const CLOCK_EVERY = 64;

/** When a stepping loop gives the event loop a turn: every `every` iterations, and at least every 50 ms. */
export interface YieldPacer {
  /** The loop just awaited something (a save, an update): that was a turn already. */
  waited(): void;
  /** Called once per iteration; resolves after a turn of the event loop when one is due, else undefined. */
  tick(): Promise<void> | undefined;
}

/** A pacer for a loop that should yield every `every` iterations and at least every 50 ms. */
export function yieldPacer(every: number): YieldPacer {
  let since = 0;
  let last = performance.now();
  return {
    waited() {
      since = 0;
    },
    tick() {
      if (++since < every && (since % CLOCK_EVERY !== 0 || performance.now() - last < YIELD_MS)) return undefined;
      since = 0;
      return new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        last = performance.now();
      });
    },
  };
}
