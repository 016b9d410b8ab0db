import type { Observable, Observer } from 'rxjs';
import { jsonlSink } from './jsonl.js';
import type { MetricRecord } from './metric-record.js';

/**
 * Runs a run's stream of records to its end: each one but checkpoint records appended to the metrics log at
 * `metricsPath`, every one passed to `onRecord` and the `sinks`; the log and sinks end (or fail) with the stream.
 * Resolves when it completes, rejects with its error.
 */
export function runRecords(records$: Observable<MetricRecord>, metricsPath: string, sinks: readonly Partial<Observer<MetricRecord>>[], onRecord?: (r: MetricRecord) => void): Promise<void> {
  const log = jsonlSink<MetricRecord>(metricsPath);
  return new Promise<void>((resolve, reject) => {
    records$.subscribe({
      next(r) {
        onRecord?.(r);
        if (r.kind !== 'checkpoint') log.next(r);
        for (const sink of sinks) sink.next?.(r);
      },
      error(e: unknown) {
        log.error(e);
        for (const sink of sinks) sink.error?.(e);
        reject(e);
      },
      complete() {
        log.complete();
        for (const sink of sinks) sink.complete?.();
        resolve();
      },
    });
  });
}
