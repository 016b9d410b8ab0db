export { jsonlSink, readJsonl } from './jsonl.js';
export { csvSink } from './csv.js';
export { progressSink, type ProgressOptions } from './progress.js';
export type { MetricRecord } from './metric-record.js';
export { runRecords } from './run-records.js';
