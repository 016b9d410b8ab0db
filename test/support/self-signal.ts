import type { Observer } from 'rxjs';
import type { MetricRecord } from '../../src/runner/sinks/metric-record.js';

/** A sink of the resume tests' child processes: at the first record at or after `stopAt`, the process sends itself `signal`. */
export function selfSignalSink(stopAt: number, signal: NodeJS.Signals): Partial<Observer<MetricRecord>> {
  let sent = false;
  return {
    next: (r) => {
      if (sent || r.step < stopAt) return;
      sent = true;
      process.kill(process.pid, signal);
    },
  };
}
