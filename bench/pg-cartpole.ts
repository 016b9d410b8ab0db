// `npm run bench -- pg-cartpole [--algos reinforce,a2c,ppo,polyak-pg] [--seeds 5] [--steps 100000] [--stop-at-solve]
//   [--config '{"nEpochs": 10}']` (settings merged over each algorithm's CartPole preset, for tuning)
// For each algorithm and seed: env steps and training wall-clock (evaluation excluded) until a 10-episode greedy
// evaluation, run every 2000 steps, first scores ≥ 475 on CartPole-v1; the final greedy score; medians and ratios
// against REINFORCE measured in the same run. Reference (measured on this project's machine, not here): SB3 PPO with
// RL-Zoo settings solves in a median 16k steps and 2.9 s, and scores 500 for 5 of 5 seeds after 1e5 steps.
import { lastValueFrom, takeWhile, tap, type Observable } from 'rxjs';
import type { Agent, VectorAgent } from '../src/core/agent.js';
import { initBackend } from '../src/core/backend.js';
import type { Env, VectorEnv } from '../src/core/env.js';
import { make } from '../src/envs/registry.js';
import { makeVec } from '../src/envs/vector/make-vec.js';
import { createPgAgent, PG_ALGORITHMS, PG_PRESETS, PRESET_NUM_ENVS, type PgAlgorithm } from '../src/policy-gradient/pg-algorithms.js';
import type { RunnerEvent } from '../src/runner/events.js';
import { interact } from '../src/runner/interact.js';
import { evaluate } from '../src/runner/operators/evaluate.js';
import { summarize } from '../src/runner/report/stats.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const algos = (arg('algos')?.split(',') ?? PG_ALGORITHMS) as PgAlgorithm[];
const seeds = Number(arg('seeds') ?? 5);
const budget = Number(arg('steps') ?? 100_000);
const stopAtSolve = process.argv.includes('--stop-at-solve');
const overrides = JSON.parse(arg('config') ?? '{}') as Record<string, unknown>;
const EVAL_EVERY = 2000;
const ENV = 'CartPole-v1';

interface SeedResult {
  readonly solveSteps: number | null;
  readonly solveSeconds: number | null;
  readonly final: number;
  readonly trainSeconds: number;
}

async function runSeed(algo: PgAlgorithm, seed: number): Promise<SeedResult> {
  const vector = algo === 'a2c' || algo === 'ppo';
  const env: Env<Float32Array, number | Float32Array> | VectorEnv = vector ? makeVec(ENV, PRESET_NUM_ENVS) : make(ENV);
  const space = vector ? (env as VectorEnv).singleObservationSpace : (env as Env).observationSpace;
  const actSpace = vector ? (env as VectorEnv).singleActionSpace : (env as Env).actionSpace;
  const agent = createPgAgent(algo, space, actSpace, { ...PG_PRESETS[algo][ENV], ...overrides }, seed);
  // One continuous run, evaluated between steps by the runner's operator: episodes and rollouts are never cut.
  const steps$ = (vector
    ? interact(env as VectorEnv, agent as VectorAgent, { seed, steps: budget })
    : interact(env as Env<Float32Array, number | Float32Array>, agent as Agent<Float32Array, number | Float32Array>, { seed, steps: budget })) as Observable<RunnerEvent>;
  let solveSteps: number | null = null;
  let solveSeconds: number | null = null;
  let final = 0;
  let evalSeconds = 0;
  const t0 = performance.now();
  await lastValueFrom(
    steps$.pipe(
      evaluate(EVAL_EVERY, () => make(ENV), 10),
      tap((ev) => {
        evalSeconds += ev.evalS;
        final = ev.mean;
        if (solveSteps === null && ev.mean >= 475) {
          solveSteps = ev.step;
          solveSeconds = (performance.now() - t0) / 1000 - evalSeconds;
        }
      }),
      takeWhile(() => !(stopAtSolve && solveSteps !== null)),
    ),
    { defaultValue: undefined },
  );
  const train = (performance.now() - t0) / 1000 - evalSeconds;
  (agent as { dispose?: () => void }).dispose?.();
  return { solveSteps, solveSeconds, final, trainSeconds: train };
}

const backend = await initBackend();
console.log(`pg-cartpole: ${ENV}, backend ${backend.name}, ${seeds} seeds, budget ${budget} steps${stopAtSolve ? ', stop at solve' : ''}`);
const medians: Record<string, number> = {};
for (const algo of algos) {
  const rows: SeedResult[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    const r = await runSeed(algo, seed);
    rows.push(r);
    const solved = r.solveSteps === null ? 'not solved' : `solved at ${r.solveSteps} steps, ${r.solveSeconds!.toFixed(2)} s`;
    console.log(`  ${algo} seed ${seed}: ${solved}; final greedy ${r.final.toFixed(1)}; training ${r.trainSeconds.toFixed(1)} s`);
  }
  // Unsolved seeds count as the budget (and its time), so the median is a lower bound when some fail.
  const steps = summarize(rows.map((r) => r.solveSteps ?? budget));
  const secs = summarize(rows.map((r) => r.solveSeconds ?? r.trainSeconds));
  const finals = rows.map((r) => r.final);
  medians[algo] = secs.median;
  console.log(
    `${algo}: median ${steps.median} steps and ${secs.median.toFixed(2)} s to solve; ` +
      `${rows.filter((r) => r.solveSteps !== null).length}/${seeds} solved; final ≥ 475 for ${finals.filter((f) => f >= 475).length}/${seeds}; ` +
      `median final ${summarize(finals).median.toFixed(1)}`,
  );
}
const base = medians[algos[0] as string] as number;
console.log(`median time-to-solve relative to ${algos[0]} (same run): ${algos.map((a) => `${a} ${((medians[a] as number) / base).toFixed(2)}x`).join(', ')}`);
if (medians.ppo !== undefined) console.log(`ppo vs SB3 reference 2.9 s: ${((medians.ppo as number) / 2.9).toFixed(2)}x (target ≤ 2.5 s)`);
