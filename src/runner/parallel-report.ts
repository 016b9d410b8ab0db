import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { lineChart } from './report/line-chart.js';
import { RUN_FILES } from './run-dir.js';
import { settingsAndLogLines, SMOOTH, smoothedEpisodes } from './run-report.js';
import { readJsonlTolerant } from './sinks/jsonl.js';
import type { MetricRecord } from './sinks/metric-record.js';

/** What a multi-agent run report shows besides its log. */
export interface ParallelReportInput {
  readonly name: string;
  readonly config: { readonly algo: string; readonly env: string; readonly seed: number; readonly agents: readonly string[] };
  readonly steps: number;
  /** Wall-clock seconds, all segments of a resumed run together. */
  readonly wallS: number;
  /** NashConv of the learners' greedy joint policy, when the env is a tabular Markov game. */
  readonly nashConv?: number;
  /** The step at which this run was last resumed. */
  readonly resumedAt?: number;
}

/** Each agent's mean return over the last tenth of the episode records of a multi-agent run's log. */
export function finalReturnsOf(episodes: readonly MetricRecord[], agents: readonly string[]): Record<string, number> {
  const tail = episodes.slice(Math.floor(episodes.length * 0.9));
  return Object.fromEntries(agents.map((a) => [a, tail.reduce((s, e) => s + ((e['returns'] as Record<string, number>)[a] ?? 0), 0) / Math.max(1, tail.length)]));
}

/**
 * Writes report.md, learning-curve.svg (one training-return curve per agent, the moving average of the run report)
 * and results.json of a multi-agent run, from its metrics log, so a resumed run reports all its episodes. Returns
 * each agent's mean return over the last tenth of the episodes and the episode count.
 */
export async function writeParallelReport(runDir: string, r: ParallelReportInput): Promise<{ finalReturns: Record<string, number>; episodes: number }> {
  const { records, damaged } = readJsonlTolerant<MetricRecord>(join(runDir, RUN_FILES.metrics));
  const eps = records.filter((x) => x.kind === 'episode' && typeof x['returns'] === 'object' && x['returns'] !== null);
  const agents = r.config.agents;
  const finalReturns = finalReturnsOf(eps, agents);
  if (eps.length > 0) {
    const series = agents.map((a) => smoothedEpisodes(eps, (x) => (x['returns'] as Record<string, number>)[a] ?? 0, `${a}: training return (mean of last ${SMOOTH} episodes)`));
    await writeFileAtomic(join(runDir, RUN_FILES.curve), await lineChart({ title: `${r.config.env}: independent ${r.config.algo}`, xLabel: 'joint steps', yLabel: 'episode return', series }));
  }
  const lines = [
    `# ${r.config.algo} (independent learners) on ${r.config.env}, seed ${r.config.seed}`,
    '',
    `${r.steps} joint steps, ${eps.length} episodes, agents ${agents.join(', ')}; ${r.wallS.toFixed(1)} s wall-clock${r.resumedAt !== undefined ? `; resumed at step ${r.resumedAt}` : ''}.`,
    '',
    '| agent | mean return, last 10% of episodes |',
    '|---|---|',
    ...agents.map((a) => `| ${a} | ${(finalReturns[a] as number).toFixed(4)} |`),
    '',
    ...(r.nashConv === undefined ? [] : [`NashConv of the greedy joint policy (exact, on the Markov game's model): ${r.nashConv.toPrecision(6)}`, '']),
    ...(eps.length > 0 ? [`![learning curve](${RUN_FILES.curve})`, ''] : []),
    ...settingsAndLogLines(r.config, "per episode: the step, each agent's return, the length", damaged),
  ];
  const results = { name: r.name, steps: r.steps, episodes: eps.length, finalReturns, nashConv: r.nashConv ?? null, wallS: r.wallS, resumedAt: r.resumedAt ?? null };
  await writeFileAtomic(join(runDir, RUN_FILES.results), `${JSON.stringify(results, null, 2)}\n`);
  await writeFileAtomic(join(runDir, RUN_FILES.report), lines.join('\n'));
  return { finalReturns, episodes: eps.length };
}
