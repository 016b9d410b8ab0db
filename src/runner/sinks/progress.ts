import cliProgress from 'cli-progress';
import type { Observer } from 'rxjs';
import type { MetricRecord } from './metric-record.js';

/** Options of `progressSink`. */
export interface ProgressOptions {
  /** The step count at the end of the run. */
  readonly total: number;
  /** The step count at the start (a resumed run). Default 0. */
  readonly start?: number;
  /** Episodes averaged for the mean return shown. Default 100. */
  readonly window?: number;
  /** Where the bar is drawn. Default stderr. */
  readonly stream?: NodeJS.WritableStream;
}

function fmt(x: number | undefined, digits: number): string {
  return x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(digits);
}

/**
 * A sink drawing a progress bar from metric records: steps, steps/s, mean return of the last episodes, the last
 * evaluation, ε and loss (from 'train' records' `epsilon`/`loss`), and the ETA.
 */
export function progressSink(o: ProgressOptions): Observer<MetricRecord> {
  const bar = new cliProgress.SingleBar(
    {
      format: '{bar} {value}/{total} steps | {sps} steps/s | return {ret} | eval {evalRet} | ε {eps} | loss {loss} | ETA {eta_formatted}',
      stream: o.stream ?? process.stderr,
      hideCursor: true,
      etaBuffer: 50,
      // Off a terminal (a log file, CI), print a plain line every 10 s instead of redrawing.
      noTTYOutput: true,
      notTTYSchedule: 10_000,
    },
    cliProgress.Presets.shades_classic,
  );
  const window = o.window ?? 100;
  const recent: number[] = [];
  const start = o.start ?? 0;
  const t0 = performance.now();
  const payload = { sps: '-', ret: '-', evalRet: '-', eps: '-', loss: '-' };
  bar.start(o.total, start, payload);
  let stopped = false;
  const stop = () => {
    if (!stopped) bar.stop();
    stopped = true;
  };
  return {
    next(r) {
      if (r.kind === 'episode') {
        recent.push(r['return'] as number);
        if (recent.length > window) recent.shift();
        payload.ret = fmt(recent.reduce((a, b) => a + b, 0) / recent.length, 1);
      } else if (r.kind === 'eval') {
        payload.evalRet = fmt(r['mean'] as number, 1);
      } else if (r.kind === 'train') {
        payload.eps = fmt(r['epsilon'] as number | undefined, 3);
        payload.loss = fmt(r['loss'] as number | undefined, 4);
      }
      payload.sps = fmt((r.step - start) / ((performance.now() - t0) / 1000), 0);
      bar.update(r.step, payload);
    },
    error: stop,
    complete: stop,
  };
}
