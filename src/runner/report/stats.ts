import { InvalidArgumentError } from '../../core/errors.js';

/** Summary statistics of a sample, as reports print them. */
export interface Summary {
  readonly n: number;
  readonly mean: number;
  /** Standard error of the mean: sample standard deviation (n - 1) over sqrt(n); 0 for a single value. */
  readonly stderr: number;
  readonly median: number;
  readonly q05: number;
  readonly q25: number;
  readonly q75: number;
  readonly q95: number;
  readonly min: number;
  readonly max: number;
}

/** A confidence band around a mean curve, pointwise over seeds. */
export interface CurveBand {
  readonly mean: number[];
  readonly lower: number[];
  readonly upper: number[];
  readonly stderr: number[];
}

/** The q-quantile of sorted values, interpolated linearly between order statistics (numpy's default). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const a = sorted[lo] as number;
  return a + (pos - lo) * ((sorted[hi] as number) - a);
}

function meanAndStderr(xs: readonly number[]): { mean: number; stderr: number } {
  const n = xs.length;
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / n;
  if (n < 2) return { mean, stderr: 0 };
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  return { mean, stderr: Math.sqrt(ss / (n - 1) / n) };
}

/** Mean, standard error, median, quantiles and range of a non-empty sample. */
export function summarize(xs: readonly number[]): Summary {
  if (xs.length === 0) throw new InvalidArgumentError('summarize: the sample is empty; give at least one value');
  const bad = xs.findIndex((x) => typeof x !== 'number' || Number.isNaN(x));
  if (bad >= 0) throw new InvalidArgumentError(`summarize: value ${bad} is ${String(xs[bad])}; values must be numbers, not NaN`);
  const sorted = [...xs].sort((a, b) => a - b);
  return {
    n: xs.length,
    ...meanAndStderr(xs),
    median: quantileSorted(sorted, 0.5),
    q05: quantileSorted(sorted, 0.05),
    q25: quantileSorted(sorted, 0.25),
    q75: quantileSorted(sorted, 0.75),
    q95: quantileSorted(sorted, 0.95),
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
  };
}

/**
 * Pointwise mean of equally long curves (one per seed) with a normal-approximation band mean ± z·stderr
 * (z = 1.96 gives a 95% interval).
 */
export function aggregateCurves(curves: readonly (readonly number[])[], z = 1.96): CurveBand {
  if (curves.length === 0) throw new InvalidArgumentError('aggregateCurves: no curves given; give at least one');
  const len = (curves[0] as readonly number[]).length;
  const bad = curves.findIndex((c) => c.length !== len);
  if (bad >= 0) {
    throw new InvalidArgumentError(`aggregateCurves: curve ${bad} has ${(curves[bad] as readonly number[]).length} points, curve 0 has ${len}; curves must be equally long`);
  }
  if (!(z >= 0)) throw new InvalidArgumentError(`aggregateCurves: z is ${z}; it must be >= 0`);
  const band: CurveBand = { mean: [], lower: [], upper: [], stderr: [] };
  for (let t = 0; t < len; t++) {
    const { mean, stderr } = meanAndStderr(curves.map((c) => c[t] as number));
    band.mean.push(mean);
    band.stderr.push(stderr);
    band.lower.push(mean - z * stderr);
    band.upper.push(mean + z * stderr);
  }
  return band;
}
