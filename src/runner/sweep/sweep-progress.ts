import cliProgress from 'cli-progress';
import type { JobOutcome } from './run-job.js';
import type { SweepJob } from './sweep-file.js';

/** Where the display writes: lines for a log, and whether a bar can be drawn (a terminal). */
export interface ProgressIO {
  out(text: string): void;
  err(text: string): void;
  readonly interactive: boolean;
}

function describeOutcome(o: JobOutcome): string {
  if (o.status === 'failed') return `failed: ${o.error ?? 'unknown error'}`;
  if (o.status === 'interrupted') return `interrupted at step ${o.steps}`;
  const mean = o.finalMean === undefined ? '' : `, final greedy evaluation ${o.finalMean.toFixed(2)}`;
  return `${o.status === 'skipped' ? 'already finished' : o.status}${mean}`;
}

/**
 * The one progress display of a sweep: on a terminal, a bar of the steps of all runs together with counts of runs
 * done, running and failed; off one, a line per run as it ends. Both the local pool and the queue feed it.
 */
export class SweepProgress {
  private readonly steps = new Map<string, number>();
  private readonly running = new Set<string>();
  private readonly totals: Map<string, number>;
  private done = 0;
  private failed = 0;
  private readonly multi: cliProgress.MultiBar | undefined;
  private readonly bar: cliProgress.SingleBar | undefined;
  private readonly total: number;

  constructor(
    private readonly io: ProgressIO,
    private readonly jobs: readonly SweepJob[],
    stepsOf: (job: SweepJob) => number,
  ) {
    this.totals = new Map(jobs.map((j) => [j.id, stepsOf(j)]));
    this.total = [...this.totals.values()].reduce((a, b) => a + b, 0);
    if (io.interactive) {
      // A multi-bar holding one bar, for its log(): the line of each run that ends prints above the bar.
      this.multi = new cliProgress.MultiBar(
        { format: '{bar} {value}/{total} steps | runs {done}/{runs} done, {running} running, {failed} failed | ETA {eta_formatted}', stream: process.stderr, hideCursor: true, etaBuffer: 100 },
        cliProgress.Presets.shades_classic,
      );
      this.bar = this.multi.create(this.total, 0, this.payload());
    }
  }

  private payload(): Record<string, number> {
    return { done: this.done, runs: this.jobs.length, running: this.running.size, failed: this.failed };
  }

  private redraw(): void {
    this.bar?.update([...this.steps.values()].reduce((a, b) => a + b, 0), this.payload());
  }

  /** A job reported its step count. */
  step(id: string, step: number): void {
    this.running.add(id);
    this.steps.set(id, step);
    this.redraw();
  }

  /** A job ended (or was found finished). */
  end(job: SweepJob, o: JobOutcome): void {
    this.running.delete(job.id);
    if (o.status === 'failed') this.failed++;
    else if (o.status !== 'interrupted') {
      this.done++;
      this.steps.set(job.id, this.totals.get(job.id) ?? o.steps);
    }
    const line = `[${this.done + this.failed}/${this.jobs.length}] ${job.run}: ${describeOutcome(o)}\n`;
    if (this.multi === undefined) (o.status === 'failed' ? this.io.err : this.io.out)(line);
    else this.multi.log(line);
    this.redraw();
  }

  /** Stops the bar; returns the counts. */
  stop(): { done: number; failed: number } {
    // Draw once more, so the lines logged since the last redraw are printed before the bar goes.
    this.multi?.update();
    this.multi?.stop();
    return { done: this.done, failed: this.failed };
  }
}
