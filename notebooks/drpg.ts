// Reproduces the GARNET experiment of Wang, Ho & Petrik (ICML 2023), "Policy Gradient in Robust MDPs with Global
// Convergence Guarantee": DRPG on (s,a)-rectangular L1 robust MDPs converges to the robust optimum of robust value
// iteration. Gap |J(π_t) − J*| against outer iterations, mean and 5–95% band over random instances.
import { Rng } from '../src/core/rng.js';
import { robustGarnet } from '../src/envs/robust/robust-garnet.js';
import { drpg } from '../src/policy-gradient/drpg.js';
import { lineChart, runNotebookMain, runTasks, summarize, writeReport, type LineSeries, type ReproduceOptions } from '../src/runner/report/index.js';

/** The paper's settings (§6 and the authors' code): γ = 0.95, costs U(0, 5), κ_sa ~ U(0.1, 0.5), α = 0.05, β = 0.1. */
const SIZES: readonly (readonly [number, number, number])[] = [
  [5, 4, 3],
  [10, 6, 3],
  [15, 8, 3],
];
const POLICY_STEP = 0.05;
const KERNEL_STEP = 0.1;
const THRESHOLD = 1e-2;
/** Plots draw gaps below this at this floor (log scale). */
const FLOOR = 1e-12;

/** π0 as in the authors' code: each row U(0.1, 0.5) normalised. */
function randomPolicy(S: number, A: number, rng: Rng): Float64Array {
  const pi = Float64Array.from({ length: S * A }, () => 0.1 + 0.4 * rng.random());
  for (let s = 0; s < S; s++) {
    let z = 0;
    for (let a = 0; a < A; a++) z += pi[s * A + a] as number;
    for (let a = 0; a < A; a++) pi[s * A + a] = (pi[s * A + a] as number) / z;
  }
  return pi;
}

interface VariantResult {
  readonly name: string;
  readonly instances: number;
  /** gaps[i][t] = |J(π_t) − J*| of instance i. */
  readonly gaps: number[][];
  readonly innerSteps: number[];
  readonly seconds: number;
}

/** One instance's arguments: the GARNET size, its index, the outer iterations and the inner loop's start. */
interface InstanceArgs {
  readonly size: readonly [number, number, number];
  readonly i: number;
  readonly iterations: number;
  readonly warmStart: boolean;
}

/** DRPG on one robust GARNET instance: |J(π_t) − J*| per outer step, inner steps in all, and its compute time. */
function runInstance(a: InstanceArgs): { gaps: number[]; inner: number; seconds: number } {
  const [S, A, branching] = a.size;
  const t0 = performance.now();
  const seed = 1000 * S + a.i;
  const robust = robustGarnet({ S, A, branching, seed });
  const res = drpg(robust, { iterations: a.iterations, policyStep: POLICY_STEP, kernelStep: KERNEL_STEP, warmStart: a.warmStart, pi0: randomPolicy(S, A, new Rng(`${seed}-pi0`)) });
  return { gaps: Array.from(res.values, (v) => Math.abs(res.optimalValue - v)), inner: res.innerIterations.reduce((x, y) => x + y, 0), seconds: (performance.now() - t0) / 1000 };
}

/** The notebook's tasks (`runTasks`): one DRPG run per instance and variant. */
export const tasks = { instance: runInstance };

/** The instances of every (size, variant), run as tasks; a variant's seconds are its instances' compute time summed. */
async function runVariants(opts: ReproduceOptions, variants: readonly { name: string; size: readonly [number, number, number]; count: number; iterations: number; warmStart: boolean }[]): Promise<VariantResult[]> {
  const args = variants.flatMap((v) => Array.from({ length: v.count }, (_, i): InstanceArgs => ({ size: v.size, i, iterations: v.iterations, warmStart: v.warmStart })));
  const out = await runTasks<InstanceArgs, ReturnType<typeof runInstance>>(opts, import.meta.url, 'instance', args);
  let k = 0;
  return variants.map((v) => {
    const mine = out.slice(k, (k += v.count));
    return { name: v.name, instances: v.count, gaps: mine.map((r) => r.gaps), innerSteps: mine.map((r) => r.inner), seconds: mine.reduce((t, r) => t + r.seconds, 0) };
  });
}

function band(v: VariantResult): LineSeries {
  const T = v.gaps[0]!.length;
  const x = Array.from({ length: T }, (_, t) => t);
  const stats = x.map((t) => summarize(v.gaps.map((g) => g[t]!)));
  const clip = (y: number) => Math.max(y, FLOOR);
  return { name: v.name, x, mean: stats.map((s) => clip(s.mean)), lower: stats.map((s) => clip(s.q05)), upper: stats.map((s) => clip(s.q95)) };
}

function finals(v: VariantResult): { meanGap: number; shareBelow: number; median: number; q95: number } {
  const last = v.gaps.map((g) => g[g.length - 1]!);
  const s = summarize(last);
  return { meanGap: s.mean, shareBelow: last.filter((g) => g < THRESHOLD).length / last.length, median: s.median, q95: s.q95 };
}

/** Runs DRPG on the paper's GARNET sizes (50 instances each, or 2 short ones with `quick`) and writes the report. */
export async function reproduce(opts: ReproduceOptions): Promise<void> {
  const instances = opts.quick ? 2 : 50;
  const iterations = opts.quick ? 20 : 200;
  const sizes = opts.quick ? SIZES.slice(0, 2) : SIZES;
  // The authors' cold start costs ~30-100× more inner steps; a subset of instances keeps the run within budget.
  const coldCounts = opts.quick ? [1, 1] : [50, 20, 5];
  const t0 = performance.now();
  const variants = await runVariants(
    opts,
    sizes.flatMap((size, k) => [
      { name: 'DRPG, warm-started inner loop (default)', size, count: instances, iterations, warmStart: true },
      { name: "DRPG, inner loop from the nominal kernel (authors' code)", size, count: coldCounts[k]!, iterations, warmStart: false },
    ]),
  );
  const studies = sizes.map((size, k) => {
    const label = `G(${size.join(', ')})`;
    const [warm, cold] = [variants[2 * k]!, variants[2 * k + 1]!];
    if (!opts.quick) console.log(`${label}: warm ${warm.seconds.toFixed(0)} s, cold ${cold.seconds.toFixed(0)} s`);
    return { label, size, warm, cold };
  });
  const seconds = (performance.now() - t0) / 1000;
  const rows = studies.flatMap((st) =>
    [st.warm, st.cold].map((v) => {
      const f = finals(v);
      const inner = summarize(v.innerSteps).mean / iterations;
      return `| ${st.label} | ${v.name} | ${v.instances} | ${f.meanGap.toExponential(2)} | ${f.median.toExponential(2)} | ${f.q95.toExponential(2)} | ${(100 * f.shareBelow).toFixed(0)}% | ${inner.toFixed(1)} | ${v.seconds.toFixed(0)} |`;
    }),
  );
  const table = [
    `| problem | variant | instances | mean final gap | median | 95% quantile | share < ${THRESHOLD} | inner steps per outer step | seconds |`,
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
  const measured =
    `After ${iterations} outer iterations (α = ${POLICY_STEP}, β = ${KERNEL_STEP}), mean final gap |J(π_T) − J*| and share of instances below ${THRESHOLD}: ` +
    studies.map((st) => {
      const w = finals(st.warm);
      const c = finals(st.cold);
      return `${st.label}: ${w.meanGap.toExponential(1)}, ${(100 * w.shareBelow).toFixed(0)}% (warm start, ${st.warm.instances} instances); ${c.meanGap.toExponential(1)}, ${(100 * c.shareBelow).toFixed(0)}% (cold start, ${st.cold.instances})`;
    }).join('; ') + '.';
  const allWarm = studies.map((st) => finals(st.warm));
  const verdict = opts.quick
    ? `Quick run (${instances} instances, ${iterations} iterations, two sizes): checks the pipeline only, not the claim.`
    : `${allWarm.every((f) => f.meanGap < THRESHOLD) ? 'Held on average' : 'Partly held'}: with the warm-started inner loop the mean gap after ${iterations} iterations is ` +
      `${allWarm.map((f) => f.meanGap.toExponential(1)).join(' / ')} for the three sizes, and ${allWarm.map((f) => `${(100 * f.shareBelow).toFixed(0)}%`).join(' / ')} of the instances are within ${THRESHOLD} of J*; ` +
      'the slow instances have not reached the optimum at this budget (global convergence is a limit statement; the paper\'s rate is O(ε⁻⁴) outer steps). ' +
      "Restarting the inner loop from the nominal kernel (the authors' code) stalls on more instances: with a value-change stopping rule nature leaves the rows of rarely taken actions near nominal, so those actions look better than they are.";
  await writeReport(opts.outDir, {
    title: 'DRPG: policy gradient in robust MDPs converges globally (Wang, Ho & Petrik 2023)',
    claim:
      'The double-loop robust policy gradient (DRPG) converges to the globally optimal robust policy (Thm. 4.4); on random GARNET robust MDPs with (s,a)-rectangular L1 uncertainty sets its gap to the optimum of robust value iteration falls towards 0 within 200 outer iterations (§6).',
    measured,
    verdict,
    sections: [
      { heading: `Results (${seconds.toFixed(0)} s)`, body: table },
      {
        heading: 'Setup and our choices',
        body: [
          "Instances (as the paper and the authors' code): each (s, a) reaches `branching` = 3 random states with weights U(0, 5) normalised; costs c(s, a, s') ~ U(0, 5); μ0 ∝ U(0, 5); γ = 0.95; κ_sa ~ U(0.1, 0.5); perturbed rows stay on the nominal support (the authors' branch constraint). π0: rows U(0.1, 0.5) normalised (authors' code). We report in the paper's cost convention; the gap is the same in ours (reward = −cost).",
          `J(π_t) is the exact robust value of the iterate (nature's policy iteration with exact sorting-based worst cases), J* = μ0ᵀV* from robust value iteration to 1e-10; the authors plot the value at the inner loop's kernel instead.`,
          'Inner loop: p_sa ← Proj(p_sa − β ∂J/∂p_sa) with the exact sort-based projection onto the L1 ball ∩ simplex (the authors solve a QP with Gurobi), stopped when ‖V_k − V_{k−1}‖∞ ≤ ε_t = 1e-3/(t + 1) (ours: the issue asks for a shrinking tolerance; the authors use a fixed 1e-3 in the 2-norm), at most 1000 steps.',
          `Outer loop: π_s ← Proj_Δ(π_s + α d(s) q(s, ·)/(1 − γ)), d = (1 − γ) μ0ᵀ(I − γP_π)⁻¹.`,
          `Warm start (our default) starts each inner loop from the kernel the previous one stopped at; cold start restarts from the nominal kernel as the authors' code does. The cold start needs far more inner steps, so it runs on the first ${coldCounts.join(' / ')} instances of each size (a budget cut: the issue asks for 50; the warm-started DRPG runs on all 50).`,
          'The issue lists G(5,4,3), G(10,6,3), G(15,8,3); the authors\' main.cpp runs G(5,6,3) and G(10/15,6,3) with α = 0.01 for the larger two. We follow the issue (sizes and α = 0.05 everywhere).',
        ].join('\n\n'),
      },
    ],
    results: {
      iterations,
      policyStep: POLICY_STEP,
      kernelStep: KERNEL_STEP,
      threshold: THRESHOLD,
      problems: Object.fromEntries(
        studies.map((st) => [
          st.label,
          {
            finalMeanGap: finals(st.warm).meanGap,
            shareBelowThreshold: finals(st.warm).shareBelow,
            instances: st.warm.instances,
            coldStart: { finalMeanGap: finals(st.cold).meanGap, shareBelowThreshold: finals(st.cold).shareBelow, instances: st.cold.instances },
            meanCurve: band(st.warm).mean,
            q05: band(st.warm).lower,
            q95: band(st.warm).upper,
            finalGaps: st.warm.gaps.map((g) => g[g.length - 1]),
          },
        ]),
      ),
    },
    plots: await Promise.all(
      studies.map(async (st) => ({
        file: `gap-${st.size.join('-')}.svg`,
        svg: await lineChart({ title: `DRPG on ${st.label}: |J(π_t) − J*|`, xLabel: 'outer iteration t', yLabel: 'gap (log)', logY: true, series: [band(st.warm), band(st.cold)] }),
        caption: `${st.label}: mean and 5–95% band of the gap over ${st.warm.instances} (warm) and ${st.cold.instances} (cold) instances; gaps below ${FLOOR} drawn at ${FLOOR}.`,
      })),
    ),
  });
}

await runNotebookMain(import.meta.url, reproduce);
