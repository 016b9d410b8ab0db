import cliProgress from 'cli-progress';
import type { Observer } from 'rxjs';
import type { ConstraintSpec } from '../../envs/constrained/constrained-env.js';
import type { MetricRecord } from './metric-record.js';

/** Options of `progressSink`. */
export interface ProgressOptions {
  /** The step count at the end of the run. */
  readonly total: number;
  /** The step count at the start (a resumed run). Default 0. */
  readonly start?: number;
  /** Episodes averaged for the mean return shown. Default 100. */
  readonly window?: number;
  /** The env's constraints: the bar then shows each one's mean episode cost (same window) against its budget. */
  readonly constraints?: readonly ConstraintSpec[];
  /** Where the bar is drawn. Default stderr. */
  readonly stream?: NodeJS.WritableStream;
}

function fmt(x: number | undefined, digits: number): string {
  return x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(digits);
}

/** The running means of the last `window` values of each of several series (one per constraint, or per agent). */
class RecentMeans {
  private readonly recent: number[][] = [];
  constructor(private readonly window: number) {}
  push(values: readonly number[]): void {
    values.forEach((v, i) => {
      const w = (this.recent[i] ??= []);
      w.push(v);
      if (w.length > this.window) w.shift();
    });
  }
  means(): number[] {
    return this.recent.map((w) => w.reduce((a, b) => a + b, 0) / w.length);
  }
}

/** `name mean/budget` per constraint, e.g. `cost hazard 0.41/0.50`. */
export function formatCosts(constraints: readonly ConstraintSpec[], means: readonly (number | undefined)[]): string {
  return constraints.map((c, i) => `${c.name} ${fmt(means[i], 2)}/${fmt(c.budget, 2)}`).join(', ');
}

/**
 * A sink drawing a progress bar from metric records: steps, steps/s, mean return of the last episodes (one per agent
 * for a multi-agent run, whose episode records carry `returns` keyed by agent), the mean episode cost against the
 * budget of each constraint, the last evaluation, ε and loss (from 'train' records' `epsilon`/`loss`), and the ETA.
 */
export function progressSink(o: ProgressOptions): Observer<MetricRecord> {
  const bar = new cliProgress.SingleBar(
    {
      format: `{bar} {value}/{total} steps | {sps} steps/s | return {ret}${o.constraints ? ' | cost {cost}' : ''} | eval {evalRet} | ε {eps} | loss {loss} | ETA {eta_formatted}`,
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
  const returns = new RecentMeans(window);
  const costs = new RecentMeans(window);
  const start = o.start ?? 0;
  const t0 = performance.now();
  const payload = { sps: '-', ret: '-', cost: o.constraints ? formatCosts(o.constraints, []) : '-', evalRet: '-', eps: '-', loss: '-' };
  bar.start(o.total, start, payload);
  let stopped = false;
  const stop = () => {
    if (!stopped) bar.stop();
    stopped = true;
  };
  return {
    next(r) {
      if (r.kind === 'episode') {
        const perAgent = r['returns'] as Record<string, number> | undefined;
        returns.push(perAgent ? Object.values(perAgent) : [r['return'] as number]);
        const means = returns.means();
        payload.ret = perAgent ? Object.keys(perAgent).map((a, i) => `${a} ${fmt(means[i], 2)}`).join(', ') : fmt(means[0], 1);
        const c = r['costs'] as readonly number[] | undefined;
        if (c && o.constraints) {
          costs.push(c);
          payload.cost = formatCosts(o.constraints, costs.means());
        }
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
