import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { BEST_DIR, readBest } from './best-model.js';
import type { ConstraintSpec } from '../envs/constrained/constrained-env.js';
import { meanPerConstraint, type EvalRecord } from './operators/evaluate.js';
import { lineChart, type LineSeries } from './report/line-chart.js';
import { summarize } from './report/stats.js';
import { RUN_FILES } from './run-dir.js';
import { readJsonlTolerant } from './sinks/jsonl.js';
import type { MetricRecord } from './sinks/metric-record.js';
import type { TrainingResult } from './training.js';

/** Episodes averaged by the training-return curve of a run report. */
export const SMOOTH = 20;
/** Points drawn of the training curve at most, so long runs still give a small SVG. */
const MAX_POINTS = 1000;

/** Every k-th index of `n` (the last one always), at most `max` of them. */
function thin(n: number, max: number): number[] {
  const stride = Math.ceil(n / max);
  const idx: number[] = [];
  for (let i = (n - 1) % stride; i < n; i += stride) idx.push(i);
  return idx;
}

/** The moving average (over the last `SMOOTH` episodes) of one value of the episode records, thinned for a chart. */
export function smoothedEpisodes(eps: readonly MetricRecord[], value: (r: MetricRecord) => number, name: string): LineSeries {
  const values = eps.map(value);
  const idx = thin(values.length, MAX_POINTS);
  const mean = idx.map((i) => {
    const w = values.slice(Math.max(0, i - SMOOTH + 1), i + 1);
    return w.reduce((a, b) => a + b, 0) / w.length;
  });
  return { name, x: idx.map((i) => (eps[i] as MetricRecord).step), mean };
}

/** The learning curve of a run: the moving average of training returns, and the evaluations with ±1 std bands. */
export async function learningCurve(records: readonly MetricRecord[], title: string): Promise<string> {
  const eps = records.filter((r) => r.kind === 'episode');
  const evals = records.filter((r) => r.kind === 'eval') as unknown as EvalRecord[];
  const series: LineSeries[] = [];
  if (eps.length > 0) series.push(smoothedEpisodes(eps, (r) => r['return'] as number, `training return (mean of last ${SMOOTH} episodes)`));
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

/**
 * The cost curve of a constrained run: per constraint, the moving average of the training episodes' cost, the
 * greedy evaluations' mean cost, and the budget drawn as a horizontal line.
 */
export async function costCurve(records: readonly MetricRecord[], constraints: readonly ConstraintSpec[], title: string): Promise<string> {
  const eps = records.filter((r) => Array.isArray(r['costs']) && r.kind === 'episode');
  const evals = records.filter((r) => r.kind === 'eval' && Array.isArray(r['meanCosts']));
  // The log is in step order; a spread of a long run's steps into Math.min would overflow the stack.
  const span = records.length > 0 ? [(records[0] as MetricRecord).step, (records.at(-1) as MetricRecord).step] : [0, 1];
  const series = constraints.flatMap((c, i): LineSeries[] => [
    ...(eps.length > 0 ? [smoothedEpisodes(eps, (r) => (r['costs'] as number[])[i] as number, `${c.name}: training cost (mean of last ${SMOOTH} episodes)`)] : []),
    ...(evals.length > 0 ? [{ name: `${c.name}: greedy evaluation cost (mean)`, x: evals.map((e) => e.step), mean: evals.map((e) => (e['meanCosts'] as number[])[i] as number) }] : []),
    { name: `${c.name}: budget ${c.budget}`, x: span, mean: [c.budget, c.budget] },
  ]);
  const what = constraints.every((c) => c.kind === 'discounted') ? 'discounted episode cost' : 'episode cost (discounted sum or mean per step)';
  return lineChart({ title, xLabel: 'environment steps', yLabel: what, series });
}

/** The report's rows of the final evaluation's cost against each budget. */
function finalCostRows(constraints: readonly ConstraintSpec[], costs: readonly (readonly number[])[]): string[] {
  return constraints.map((c, i) => {
    const s = summarize(costs.map((e) => e[i] as number));
    const within = s.mean <= c.budget ? 'within budget' : 'over budget';
    return `| Final greedy evaluation cost, ${c.name} (${c.kind}) | ${s.mean.toFixed(4)} ± ${s.stderr.toFixed(4)} (stderr) against budget ${c.budget}: ${within} |`;
  });
}

/** The end of a run report: its settings as JSON, a link to its metrics log (holding `what`) and its damaged lines. */
export function settingsAndLogLines(config: object, what: string, damaged: readonly number[]): string[] {
  return [
    '## Settings',
    '',
    '```json',
    JSON.stringify(config, null, 2),
    '```',
    '',
    `Metrics: [${RUN_FILES.metrics}](${RUN_FILES.metrics}) (one JSON record per line: ${what}).`,
    ...(damaged.length > 0 ? ['', `Damaged lines of ${RUN_FILES.metrics}, left out of the curve: ${damaged.slice(0, 10).join(', ')}${damaged.length > 10 ? `, … (${damaged.length} in all)` : ''}.`] : []),
    '',
  ];
}

/** What a run report shows besides the log: its name, settings, how training went and the final evaluation. */
export interface RunReportInput {
  readonly name: string;
  readonly config: object;
  readonly result: TrainingResult;
  /** Returns of the final greedy evaluation. */
  readonly finalReturns: readonly number[];
  /** The env's constraints, for a constrained env: the report adds the cost curve and the final costs. */
  readonly constraints?: readonly ConstraintSpec[];
  /** Each final evaluation episode's value per constraint (with `constraints`). */
  readonly finalCosts?: readonly (readonly number[])[];
  /** The step at which this run was last resumed (earlier resumes are not tracked). */
  readonly resumedAt?: number;
}

/** Writes `report.md`, `learning-curve.svg` and `results.json` into a run directory, from its metrics log and `r`. */
export async function writeRunReport(runDir: string, r: RunReportInput): Promise<void> {
  // A log damaged by a crash still gives a report: the readable lines, and a note of the others.
  const { records, damaged } = readJsonlTolerant<MetricRecord>(join(runDir, RUN_FILES.metrics));
  const svg = await learningCurve(records, `${r.name}: learning curve`);
  const constrained = r.constraints !== undefined && r.constraints.length > 0 ? r.constraints : undefined;
  const costSvg = constrained && (await costCurve(records, constrained, `${r.name}: costs and budgets`));
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
    ...(constrained && r.finalCosts ? finalCostRows(constrained, r.finalCosts) : []),
    ...(best ? [`| Best greedy evaluation during training | ${best.mean.toFixed(2)} ± ${best.std.toFixed(2)} (std) at step ${best.step}; its agent is kept in ${BEST_DIR}/ (\`converge eval <run> --best\`) |`] : []),
    `| Environment steps | ${res.steps} (${res.episodes} episodes) |`,
    `| Wall-clock | ${res.wallS.toFixed(1)} s, of which evaluation ${res.evalS.toFixed(1)} s |`,
    `| Training speed | ${res.stepsPerSecond.toFixed(0)} steps/s (evaluation excluded) |`,
    `| Stopped at reward threshold | ${firstSolve} |`,
    ...(r.resumedAt !== undefined ? [`| Resumed at step | ${r.resumedAt} |`] : []),
    '',
    `![Learning curve](${RUN_FILES.curve})`,
    '',
    ...(costSvg ? [`![Costs and budgets](${RUN_FILES.costCurve})`, ''] : []),
    ...settingsAndLogLines(r.config, 'episodes, evaluations, training stats', damaged),
  ];
  await writeFileAtomic(join(runDir, RUN_FILES.curve), svg);
  if (costSvg) await writeFileAtomic(join(runDir, RUN_FILES.costCurve), costSvg);
  const costs = constrained && r.finalCosts ? { constraints: constrained, finalCosts: r.finalCosts, finalMeanCosts: meanPerConstraint(r.finalCosts) } : {};
  const results = { name: r.name, final: fin, finalReturns: r.finalReturns, ...costs, ...res, lastEval: res.lastEval ?? null, best: best ? { step: best.step, mean: best.mean, std: best.std } : null };
  await writeFileAtomic(join(runDir, RUN_FILES.results), `${JSON.stringify(results, null, 2)}\n`);
  await writeFileAtomic(join(runDir, RUN_FILES.report), lines.join('\n'));
}
