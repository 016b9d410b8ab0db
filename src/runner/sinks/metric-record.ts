/**
 * One line of a run's metrics log: `kind` says what it is ('episode', 'eval', 'train'), `step` when it happened
 * (environment steps of the run, summed over copies); the other fields are numbers (or arrays of numbers, or
 * booleans). Each kind has one schema, `RECORD_FIELDS`; a 'train' record adds the agent's latest stats (loss,
 * epsilon, ...) after its own fields, which always mean the same (an agent's stat never replaces them). Fields
 * ending in `S` are timings in seconds, which differ between otherwise identical runs.
 */
export interface MetricRecord {
  readonly kind: string;
  readonly step: number;
  readonly [field: string]: unknown;
}

/**
 * The fields of each kind of record: an 'episode' per finished episode (`episode` numbers it in the run, from 1),
 * an 'eval' per greedy evaluation, a 'train' every `logEvery` steps (`episodes` is the running total of finished
 * episodes; the agent's stats follow). On a constrained env, 'episode' records add `costs` (each constraint's episode
 * value) and 'eval' records `meanCosts` (each constraint's mean over the evaluation episodes).
 */
export const RECORD_FIELDS = {
  episode: ['kind', 'step', 'episode', 'envIndex', 'return', 'length', 'terminated'],
  eval: ['kind', 'step', 'mean', 'std', 'min', 'max', 'meanLength', 'returns', 'evalS'],
  train: ['kind', 'step', 'episodes'],
} as const;
