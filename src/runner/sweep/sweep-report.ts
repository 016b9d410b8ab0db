import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { Rng } from '../../core/rng.js';
import { lineChart, type LineSeries } from '../report/line-chart.js';
import { iqm, mean, median, stratifiedBootstrapInterval } from '../report/robust-stats.js';
import { aggregateCurves } from '../report/stats.js';
import { RUN_FILES } from '../run-dir.js';
import { readJsonl } from '../sinks/jsonl.js';
import { canonicalJson, type Sweep, type SweepJob } from './sweep-file.js';

/** The sweep report's files, in `<root>/<sweep>/`. */
export const SWEEP_REPORT_FILES = { report: 'report.md', results: 'results.json', curves: 'learning-curves.svg' } as const;

/** A statistic with its 95% stratified bootstrap interval. */
export interface Estimate {
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
}

/** What the report says of one setting: its runs' final scores and their summaries across seeds. */
export interface SettingSummary {
  readonly setting: string;
  /** What sets this setting apart from the others (`hyper.learningRate=0.001, ...`). */
  readonly label: string;
  readonly runs: readonly string[];
  /** Final scores of the finished runs, by seed. */
  readonly scores: readonly { seed: number; score: number }[];
  readonly mean?: Estimate;
  readonly median?: Estimate;
  readonly iqm?: Estimate;
}

/** Options of `writeSweepReport`. */
export interface SweepReportOptions {
  /** Bootstrap replications. Default 50 000 (rliable's). */
  readonly reps?: number;
}

/** Settings flattened to `key` / `hyper.key` / `envKwargs.key`, without the seed. */
function flatten(s: Readonly<Record<string, unknown>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(s)) {
    if (k === 'seed') continue;
    if ((k === 'hyper' || k === 'envKwargs') && typeof v === 'object' && v !== null) {
      for (const [h, w] of Object.entries(v)) out.set(`${k}.${h}`, canonicalJson(w));
    } else out.set(k, canonicalJson(v));
  }
  return out;
}

/** A label per setting naming the settings in which it differs from the others. */
function labels(first: readonly SweepJob[]): string[] {
  const flat = first.map((j) => flatten(j.settings as Record<string, unknown>));
  const keys = [...new Set(flat.flatMap((f) => [...f.keys()]))].filter((k) => new Set(flat.map((f) => f.get(k) ?? '-')).size > 1);
  return flat.map((f) => (keys.length === 0 ? 'all runs' : keys.map((k) => `${k}=${f.get(k) ?? '-'}`).join(', ')));
}

function estimate(scores: readonly number[], stat: (xs: readonly number[]) => number, rng: Rng, reps: number): Estimate {
  return { value: stat(scores), ...stratifiedBootstrapInterval([scores], stat, { rng, reps }) };
}

function fmt(e: Estimate | undefined): string {
  return e === undefined ? '-' : `${e.value.toFixed(2)} [${e.lower.toFixed(2)}, ${e.upper.toFixed(2)}]`;
}

/** The greedy-evaluation curve of a run: steps and mean returns. */
function evalCurve(runDir: string): { steps: number[]; means: number[] } {
  const path = join(runDir, RUN_FILES.metrics);
  const evals = existsSync(path) ? readJsonl<{ kind: string; step: number; mean: number }>(path).filter((r) => r.kind === 'eval') : [];
  return { steps: evals.map((e) => e.step), means: evals.map((e) => e.mean) };
}

/**
 * Writes `<root>/<sweep>/report.md`, `results.json` and `learning-curves.svg`: per setting, the final score of each
 * finished run (its final agent's greedy evaluation), and across seeds the mean, median and interquartile mean with
 * 95% stratified bootstrap intervals (Agarwal et al. 2021, as rliable computes them, from a stream seeded by the
 * setting's hash), the learning curves with bands, and the best setting by IQM.
 */
export async function writeSweepReport(sweep: Sweep, root: string, o: SweepReportOptions = {}): Promise<SettingSummary[]> {
  const reps = o.reps ?? 50_000;
  const groups = new Map<string, SweepJob[]>();
  for (const j of sweep.jobs) groups.set(j.setting, [...(groups.get(j.setting) ?? []), j]);
  const settingLabels = labels([...groups.values()].map((g) => g[0] as SweepJob));
  const series: LineSeries[] = [];
  const summaries = [...groups.entries()].map(([setting, jobs], i): SettingSummary => {
    const finished = jobs.filter((j) => existsSync(join(root, j.run, RUN_FILES.results)));
    const scores = finished.map((j) => ({ seed: j.settings.seed ?? 0, score: (JSON.parse(readFileSync(join(root, j.run, RUN_FILES.results), 'utf8')) as { final: { mean: number } }).final.mean }));
    const label = settingLabels[i] as string;
    const curves = finished.map((j) => evalCurve(join(root, j.run)));
    const len = Math.min(...curves.map((c) => c.steps.length));
    if (curves.length > 0 && len > 0) {
      const band = aggregateCurves(curves.map((c) => c.means.slice(0, len)));
      series.push({ name: label, x: (curves[0]?.steps ?? []).slice(0, len), mean: band.mean, lower: band.lower, upper: band.upper });
    }
    const base = { setting, label, runs: jobs.map((j) => j.run), scores };
    if (scores.length === 0) return base;
    const xs = scores.map((s) => s.score);
    const rng = new Rng(`sweep-report:${setting}`);
    return { ...base, mean: estimate(xs, mean, rng.fork(), reps), median: estimate(xs, median, rng.fork(), reps), iqm: estimate(xs, iqm, rng.fork(), reps) };
  });
  const ranked = summaries.filter((s) => s.iqm !== undefined);
  const best = ranked.reduce<SettingSummary | undefined>((b, s) => (b === undefined || (s.iqm?.value ?? -Infinity) > (b.iqm?.value ?? -Infinity) ? s : b), undefined);
  const dir = join(root, sweep.name);
  const finishedRuns = summaries.reduce((a, s) => a + s.scores.length, 0);
  const lines = [
    `# Sweep ${sweep.name}`,
    '',
    `${sweep.jobs.length} runs over ${summaries.length} setting${summaries.length === 1 ? '' : 's'} (sweep file \`${sweep.file}\`); ${finishedRuns} finished.`,
    '',
    "A run's final score is the greedy evaluation of its final agent (`final.json`) at the end of training. Across " +
      `seeds: the mean, the median and the interquartile mean (IQM: the mean after dropping ⌊n/4⌋ runs at each end), each with a 95% ` +
      `stratified bootstrap interval (percentile method, ${reps} resamples of the seeds, seeded by the setting), as in Agarwal et al., ` +
      '"Deep Reinforcement Learning at the Edge of the Statistical Precipice" (NeurIPS 2021) and their rliable library.',
    '',
    '| Setting | Runs | Mean [95% CI] | Median [95% CI] | IQM [95% CI] |',
    '|---|---|---|---|---|',
    ...summaries.map((s) => `| ${s.label.replace(/\|/g, '\\|')} | ${s.scores.length}/${s.runs.length} | ${fmt(s.mean)} | ${fmt(s.median)} | ${fmt(s.iqm)} |`),
    '',
    best === undefined ? '**Best setting:** none yet (no run has finished).' : `**Best setting** (highest IQM of the final score): ${best.label}, IQM ${fmt(best.iqm)}.`,
    '',
    ...(series.length > 0 ? [`![Learning curves](${SWEEP_REPORT_FILES.curves})`, '', '*Greedy evaluations during training, mean over seeds ± 1.96 standard errors, per setting.*', ''] : []),
    '## Runs',
    '',
    ...summaries.flatMap((s) => [`- ${s.label}:`, ...s.runs.map((r) => `  - [${r.split('/').at(-1) ?? r}](runs/${r.split('/').at(-1) ?? r}/report.md)`)]),
    '',
    `Raw numbers: [${SWEEP_REPORT_FILES.results}](${SWEEP_REPORT_FILES.results})`,
    '',
  ];
  if (series.length > 0) {
    await writeFileAtomic(join(dir, SWEEP_REPORT_FILES.curves), await lineChart({ title: `${sweep.name}: greedy evaluation`, xLabel: 'environment steps', yLabel: 'episode return', series }));
  }
  await writeFileAtomic(join(dir, SWEEP_REPORT_FILES.results), `${JSON.stringify({ name: sweep.name, reps, best: best?.setting ?? null, settings: summaries }, null, 2)}\n`);
  await writeFileAtomic(join(dir, SWEEP_REPORT_FILES.report), lines.join('\n'));
  return summaries;
}
