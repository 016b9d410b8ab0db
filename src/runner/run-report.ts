import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { BEST_DIR, readBest } from './best-model.js';
import type { EvalRecord } from './operators/evaluate.js';
import { lineChart, type LineSeries } from './report/line-chart.js';
import { summarize } from './report/stats.js';
import { RUN_FILES } from './run-dir.js';
import { readJsonlTolerant } from './sinks/jsonl.js';
import type { MetricRecord } from './sinks/metric-record.js';
import type { TrainingResult } from './training.js';

/** Episodes averaged by the training-return curve of a run report. */
const SMOOTH = 20;
/** Points drawn of the training curve at most, so long runs still give a small SVG. */
const MAX_POINTS = 1000;

/** Every k-th index of `n` (the last one always), at most `max` of them. */
function thin(n: number, max: number): number[] {
  const stride = Math.ceil(n / max);
  const idx: number[] = [];
  for (let i = (n - 1) % stride; i < n; i += stride) idx.push(i);
  return idx;
}

/** The learning curve of a run: the moving average of training returns, and the evaluations with ±1 std bands. */
export async function learningCurve(records: readonly MetricRecord[], title: string): Promise<string> {
  const eps = records.filter((r) => r.kind === 'episode');
  const evals = records.filter((r) => r.kind === 'eval') as unknown as EvalRecord[];
  const series: LineSeries[] = [];
  if (eps.length > 0) {
    const returns = eps.map((r) => r['return'] as number);
    const idx = thin(returns.length, MAX_POINTS);
    const mean = idx.map((i) => {
      const w = returns.slice(Math.max(0, i - SMOOTH + 1), i + 1);
      return w.reduce((a, b) => a + b, 0) / w.length;
    });
    series.push({ name: `training return (mean of last ${SMOOTH} episodes)`, x: idx.map((i) => (eps[i] as MetricRecord).step), mean });
  }
  if (evals.length > 0) {
    series.push({
      name: 'greedy evaluation (mean ± std)',
      x: evals.map((e) => e.step),
      mean: evals.map((e) => e.mean),
      lower: evals.map((e) => e.mean - e.std),
      upper: evals.map((e) => e.mean + e.std),
    });
  }
  if (series.length === 0) series.push({ name: 'no episodes yet', x: [0], mean: [0] });
  return lineChart({ title, xLabel: 'environment steps', yLabel: 'episode return', series });
}

/** What a run report shows besides the log: its name, settings, how training went and the final evaluation. */
export interface RunReportInput {
  readonly name: string;
  readonly config: object;
  readonly result: TrainingResult;
  /** Returns of the final greedy evaluation. */
  readonly finalReturns: readonly number[];
  /** The step at which this run was last resumed (earlier resumes are not tracked). */
  readonly resumedAt?: number;
}

/** Writes `report.md`, `learning-curve.svg` and `results.json` into a run directory, from its metrics log and `r`. */
export async function writeRunReport(runDir: string, r: RunReportInput): Promise<void> {
  // A log damaged by a crash still gives a report: the readable lines, and a note of the others.
  const { records, damaged } = readJsonlTolerant<MetricRecord>(join(runDir, RUN_FILES.metrics));
  const svg = await learningCurve(records, `${r.name}: learning curve`);
  const fin = summarize(r.finalReturns);
  const best = readBest(runDir);
  const res = r.result;
  const firstSolve = res.lastEval && res.solved ? `yes, evaluation at step ${res.lastEval.step} reached the threshold` : 'no';
  const lines = [
    `# Run ${r.name}`,
    '',
    '| | |',
    '|---|---|',
    `| Final greedy evaluation | ${fin.mean.toFixed(2)} ± ${fin.stderr.toFixed(2)} (stderr) over ${fin.n} episodes; min ${fin.min}, median ${fin.median}, max ${fin.max} (the final agent, ${RUN_FILES.final}) |`,
    ...(best ? [`| Best greedy evaluation during training | ${best.mean.toFixed(2)} ± ${best.std.toFixed(2)} (std) at step ${best.step}; its agent is kept in ${BEST_DIR}/ (\`converge eval <run> --best\`) |`] : []),
    `| Environment steps | ${res.steps} (${res.episodes} episodes) |`,
    `| Wall-clock | ${res.wallS.toFixed(1)} s, of which evaluation ${res.evalS.toFixed(1)} s |`,
    `| Training speed | ${res.stepsPerSecond.toFixed(0)} steps/s (evaluation excluded) |`,
    `| Stopped at reward threshold | ${firstSolve} |`,
    ...(r.resumedAt !== undefined ? [`| Resumed at step | ${r.resumedAt} |`] : []),
    '',
    `![Learning curve](${RUN_FILES.curve})`,
    '',
    '## Settings',
    '',
    '```json',
    JSON.stringify(r.config, null, 2),
    '```',
    '',
    `Metrics: [${RUN_FILES.metrics}](${RUN_FILES.metrics}) (one JSON record per line: episodes, evaluations, training stats).`,
    ...(damaged.length > 0 ? ['', `Damaged lines of ${RUN_FILES.metrics}, left out of the curve: ${damaged.slice(0, 10).join(', ')}${damaged.length > 10 ? `, … (${damaged.length} in all)` : ''}.`] : []),
    '',
  ];
  await writeFileAtomic(join(runDir, RUN_FILES.curve), svg);
  const results = { name: r.name, final: fin, finalReturns: r.finalReturns, ...res, lastEval: res.lastEval ?? null, best: best ? { step: best.step, mean: best.mean, std: best.std } : null };
  await writeFileAtomic(join(runDir, RUN_FILES.results), `${JSON.stringify(results, null, 2)}\n`);
  await writeFileAtomic(join(runDir, RUN_FILES.report), lines.join('\n'));
}
