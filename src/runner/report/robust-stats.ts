import { InvalidArgumentError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import { quantileSorted } from './stats.js';

function checkSample(who: string, xs: readonly number[]): void {
  if (xs.length === 0) throw new InvalidArgumentError(`${who}: the sample is empty; give at least one value`);
  const bad = xs.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x));
  if (bad >= 0) throw new InvalidArgumentError(`${who}: value ${bad} is ${String(xs[bad])}; values must be finite numbers`);
}

/**
 * The interquartile mean (Agarwal et al. 2021, "Deep RL at the Edge of the Statistical Precipice"): the mean of the
 * values left after dropping ⌊n/4⌋ of the lowest and as many of the highest, as rliable's `aggregate_iqm`
 * computes it (scipy's `trim_mean(x, 0.25)`; for n not a multiple of 4 slightly more than the middle half stays).
 */
export function iqm(xs: readonly number[]): number {
  checkSample('iqm', xs);
  const sorted = [...xs].sort((a, b) => a - b);
  const cut = Math.floor(0.25 * sorted.length);
  let sum = 0;
  for (let i = cut; i < sorted.length - cut; i++) sum += sorted[i] as number;
  return sum / (sorted.length - 2 * cut);
}

/** The median of a sample (linear interpolation between the two middle values). */
export function median(xs: readonly number[]): number {
  checkSample('median', xs);
  return quantileSorted([...xs].sort((a, b) => a - b), 0.5);
}

/** The arithmetic mean of a sample. */
export function mean(xs: readonly number[]): number {
  checkSample('mean', xs);
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Options of `stratifiedBootstrapInterval`. */
export interface BootstrapOptions {
  /** Draws the resamples; the same seed gives the same interval. */
  readonly rng: Rng;
  /** Bootstrap replications. Default 50 000 (rliable's default). */
  readonly reps?: number;
  /** Coverage of the interval. Default 0.95. */
  readonly size?: number;
}

/**
 * A percentile bootstrap confidence interval of `stat` over runs grouped by task (strata): each replication
 * resamples, with replacement, the runs of every task from that task's own runs, keeping the number of runs per
 * task, and evaluates `stat` on the pooled resample (Agarwal et al. 2021; rliable's `StratifiedBootstrap` with the
 * 'percentile' method). With one task it is the ordinary bootstrap over runs (seeds).
 */
export function stratifiedBootstrapInterval(tasks: readonly (readonly number[])[], stat: (pooled: readonly number[]) => number, o: BootstrapOptions): { lower: number; upper: number } {
  if (tasks.length === 0) throw new InvalidArgumentError('stratifiedBootstrapInterval: no tasks given; give at least one list of run scores');
  tasks.forEach((t, i) => checkSample(`stratifiedBootstrapInterval: task ${i}`, t));
  const reps = o.reps ?? 50_000;
  const size = o.size ?? 0.95;
  if (!Number.isSafeInteger(reps) || reps < 1) throw new InvalidArgumentError(`stratifiedBootstrapInterval: reps is ${reps}; it must be an integer >= 1`);
  if (!(size > 0 && size < 1)) throw new InvalidArgumentError(`stratifiedBootstrapInterval: size is ${size}; it must be in (0, 1)`);
  const total = tasks.reduce((a, t) => a + t.length, 0);
  const pooled = new Array<number>(total);
  const stats = new Float64Array(reps);
  for (let r = 0; r < reps; r++) {
    let k = 0;
    for (const runs of tasks) {
      for (let i = 0; i < runs.length; i++) pooled[k++] = runs[o.rng.integer(0, runs.length)] as number;
    }
    stats[r] = stat(pooled);
  }
  const sorted = Array.from(stats).sort((a, b) => a - b);
  const alpha = (1 - size) / 2;
  return { lower: quantileSorted(sorted, alpha), upper: quantileSorted(sorted, 1 - alpha) };
}
