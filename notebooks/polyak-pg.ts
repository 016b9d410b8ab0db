// Reproduces Li et al. (2024), "Enhancing Policy Gradient with the Polyak Step-Size Adaption" (arXiv:2404.07525):
// policy gradient with the Polyak step size (twin-policy V* estimate) against Adam with tuned and mistuned rates,
// on CartPole-v1 and Acrobot-v1, training return against env steps.
import type { Env } from '../src/core/env.js';
import { initBackend } from '../src/core/backend.js';
import { Rng } from '../src/core/rng.js';
import { make } from '../src/envs/registry.js';
import { AdamRule } from '../src/policy-gradient/ascent-rule.js';
import { PolicyGradientAgent, type PolicyGradientOptions } from '../src/policy-gradient/pg-agent.js';
import { PolyakTwinAgent } from '../src/policy-gradient/polyak-twin-agent.js';
import { learningCurves, type CurveMethod, type MethodCurves } from '../src/policy-gradient/return-curve.js';
import { aggregateCurves, lineChart, runNotebookMain, summarize, writeReport, type ReportPlot, type ReproduceOptions } from '../src/runner/report/index.js';

/** The same gradient estimator for every method, so only the step rule differs: GPOMDP with a value baseline. */
const ESTIMATOR: Omit<PolicyGradientOptions, 'rule'> = {
  gamma: 0.99,
  batchSteps: 2000,
  estimator: 'gpomdp',
  baseline: 'value',
  entCoef: 0.01,
  valueLearningRate: 3e-3,
  valueEpochs: 10,
  netArch: [32, 32],
};

/** Adam's rates: a 100x span around the usual 1e-2 for small policy networks. */
const ADAM_RATES = [1e-3, 1e-2, 1e-1];

type PgEnv = Env<Float32Array, number | Float32Array>;

function methods(envId: string): CurveMethod[] {
  const env = () => make(envId) as PgEnv;
  const polyak: CurveMethod = {
    name: 'Polyak (twin V*)',
    build: (seed) => {
      const e = env();
      // Ours where the paper leaves it open: γ_max = 1, c = 0.5, V* = best twin value + 10%.
      return { env: e, agent: new PolyakTwinAgent(e.observationSpace, e.actionSpace, new Rng(seed), { ...ESTIMATOR, polyak: { maxStep: 1, c: 0.5 }, margin: 0.1 }) };
    },
  };
  const adam = ADAM_RATES.map<CurveMethod>((lr) => ({
    name: `Adam lr=${lr}`,
    build: (seed) => {
      const e = env();
      return { env: e, agent: new PolicyGradientAgent(e.observationSpace, e.actionSpace, new Rng(seed), { ...ESTIMATOR, rule: new AdamRule(lr) }) };
    },
  }));
  return [polyak, ...adam];
}

/** Stability of a run: the mean absolute drop between consecutive windows over the second half of training. */
function instability(curve: readonly number[]): number {
  const half = curve.slice(Math.floor(curve.length / 2));
  let drop = 0;
  for (let i = 1; i < half.length; i++) drop += Math.max(0, (half[i - 1] as number) - (half[i] as number));
  return drop / Math.max(1, half.length - 1);
}

/** Whether Polyak matches (95% intervals overlap) or beats the best Adam rate, and how it compares to the others. */
function judge(res: readonly MethodCurves[]): string {
  const s = res.map((m) => summarize(m.finals));
  const p = s[0]!;
  const adams = s.slice(1);
  const bestIdx = adams.reduce((bi, a, i) => (a.mean > adams[bi]!.mean ? i : bi), 0);
  const best = adams[bestIdx]!;
  const gap = 1.96 * Math.hypot(p.stderr, best.stderr);
  const beaten = adams.filter((a) => p.mean > a.mean + 1.96 * Math.hypot(p.stderr, a.stderr)).length;
  const vsBest = p.mean > best.mean + gap ? 'beats' : p.mean >= best.mean - gap ? 'matches' : 'falls short of';
  return `Polyak ${vsBest} the best Adam rate (${res[bestIdx + 1]!.name}) and is significantly ahead of ${beaten} of ${adams.length} Adam rates.`;
}

function table(results: readonly MethodCurves[]): string {
  const rows = results.map((m) => {
    const f = summarize(m.finals);
    const s = summarize(m.curves.map(instability));
    return `| ${m.name} | ${f.mean.toFixed(1)} ± ${(1.96 * f.stderr).toFixed(1)} | ${f.median.toFixed(1)} | ${s.mean.toFixed(2)} |`;
  });
  return ['| method | final return (mean ± 95%) | median | mean drop per window, 2nd half |', '|---|---|---|---|', ...rows].join('\n');
}

/** Runs the comparison (10 seeds, or 1 short seed with `quick`) and writes the report to `opts.outDir`. */
export async function reproduce(opts: ReproduceOptions): Promise<void> {
  await initBackend();
  const seeds = opts.quick ? [0] : Array.from({ length: 10 }, (_, i) => i);
  // Acrobot's episodes last 500 steps until the policy learns, so it gets a longer budget.
  const budget: Record<string, number> = opts.quick ? { 'CartPole-v1': 4000, 'Acrobot-v1': 4000 } : { 'CartPole-v1': 60_000, 'Acrobot-v1': 150_000 };
  const every = 2000;
  const envs = ['CartPole-v1', 'Acrobot-v1'];
  const plots: ReportPlot[] = [];
  const results: Record<string, { name: string; finals: number[]; steps: number[]; mean: number[] }[]> = {};
  const lines: string[] = [];
  const verdicts: string[] = [];
  const sections: { heading: string; body: string }[] = [];
  for (const envId of envs) {
    const t0 = performance.now();
    const totalSteps = budget[envId] as number;
    const res = await learningCurves(methods(envId), seeds, { totalSteps, every, tail: 3, log: opts.quick ? undefined : (l) => console.log(`${envId} ${l}`) });
    const seconds = (performance.now() - t0) / 1000;
    const series = res.map((m) => {
      const band = aggregateCurves(m.curves);
      return { name: m.name, x: m.steps, mean: band.mean, lower: band.lower, upper: band.upper };
    });
    plots.push({
      file: `${envId}.svg`,
      svg: await lineChart({ title: `${envId}: training return, ${seeds.length} seeds (95% band)`, xLabel: 'env steps', yLabel: 'mean episode return', series }),
      caption: `${envId}: mean training-episode return per ${every}-step window against env steps, mean and 95% band over ${seeds.length} seeds.`,
    });
    results[envId] = res.map((m, i) => ({ name: m.name, finals: m.finals, steps: m.steps, mean: series[i]!.mean }));
    sections.push({ heading: `${envId} (${seconds.toFixed(0)} s)`, body: table(res) });
    const polyak = summarize(res[0]!.finals).mean;
    const adams = res.slice(1).map((m) => ({ name: m.name, final: summarize(m.finals).mean }));
    const best = adams.reduce((a, b) => (b.final > a.final ? b : a));
    const worst = adams.reduce((a, b) => (b.final < a.final ? b : a));
    verdicts.push(`${envId}: ${judge(res)}`);
    lines.push(`${envId}: Polyak ${polyak.toFixed(1)} vs best Adam (${best.name}) ${best.final.toFixed(1)} and worst (${worst.name}) ${worst.final.toFixed(1)}`);
  }
  const measured = `Final training return (mean of the last 3 windows, ${seeds.length} seeds; ${envs.map((e) => `${e} ${budget[e]} env steps`).join(', ')}): ${lines.join('; ')}.`;
  await writeReport(opts.outDir, {
    title: 'Polyak step size for policy gradient (Li et al. 2024)',
    claim: 'With the Polyak step size (V* estimated by twin policies), policy gradient converges faster and to more stable policies than Adam, without tuning a step size.',
    measured,
    verdict: opts.quick
      ? 'Quick run (1 seed, 4000 steps): checks the pipeline only, not the claim.'
      : verdicts.join(' '),
    sections: [
      ...sections,
      {
        heading: 'Setup and our choices',
        body: [
          `Both methods use the same estimator: GPOMDP with a learned value baseline, γ = 0.99, ${ESTIMATOR.batchSteps} env steps per update, entropy bonus 0.01, policy MLP (32, 32) tanh.`,
          'Polyak: γ_k = min{(V̂* − V̂_k)/(c‖ĝ_k‖²), γ_max} with c = 0.5, γ_max = 1; two twin policies alternate batches and V̂* is the best batch value either reached plus 10% (ours: the paper leaves the margin open). Env steps count both twins.',
          `Adam: rates ${ADAM_RATES.join(', ')} (100x span). The budgets (${envs.map((e) => `${e} ${budget[e]} steps`).join(', ')}, 10 seeds) are chosen to fit this 2-core machine (about 10 minutes in all), not the paper's.`,
        ].join('\n\n'),
      },
    ],
    results: { seeds, budget, every, results },
    plots,
  });
}

await runNotebookMain(import.meta.url, reproduce);
