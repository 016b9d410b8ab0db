/**
 * One line of a run's metrics log: `kind` says what it is ('episode', 'eval', 'train'), `step` when it happened;
 * the other fields are numbers (or arrays of numbers, or booleans). Fields ending in `S` are timings in seconds,
 * which differ between otherwise identical runs.
 */
export interface MetricRecord {
  readonly kind: string;
  readonly step: number;
  readonly [field: string]: unknown;
}
