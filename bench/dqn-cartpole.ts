// DQN on CartPole-v1 over 5 seeds: env steps and training wall-clock (evaluation excluded) until a 10-episode
// greedy evaluation, run every 2000 steps, first scores >= 475; the final greedy score; medians.
// Usage: npm run bench -- dqn-cartpole [--seeds 5] [--steps N] [--config '{"learningRate":1e-3}']
import { parseArgs } from 'node:util';
import { Dqn, createDqn } from '../src/agents/dqn.js';
import { DQN_PRESETS } from '../src/agents/presets/dqn-presets.js';
import { initBackend } from '../src/core/backend.js';
import type { Env } from '../src/core/env.js';
import { Rng } from '../src/core/rng.js';
import { make } from '../src/envs/index.js';

const ENV_ID = 'CartPole-v1';
const EVAL_EVERY = 2000;
const EVAL_EPISODES = 10;
const SOLVED = 475;

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '5' }, steps: { type: 'string' }, config: { type: 'string', default: '{}' } } });
const preset = { ...DQN_PRESETS[ENV_ID], ...(JSON.parse(values.config) as object) };
const budget = Number(values.steps ?? preset.totalTimesteps ?? 50_000);
const seeds = Number(values.seeds);

/** Mean return of greedy episodes on `env`. */
function evaluate(agent: Dqn, env: Env<Float32Array, number>, episodes: number): number {
  let total = 0;
  for (let e = 0; e < episodes; e++) {
    let obs = env.reset().observation;
    for (;;) {
      const r = env.step(agent.act(obs, { explore: false }));
      total += r.reward;
      if (r.terminated || r.truncated) break;
      obs = r.observation;
    }
  }
  return total / episodes;
}

interface SeedResult {
  seed: number;
  solveSteps: number | undefined;
  solveSeconds: number | undefined;
  trainSeconds: number;
  finalScore: number;
}

async function runSeed(seed: number): Promise<SeedResult> {
  const env = make<Float32Array, number>(ENV_ID);
  const evalEnv = make<Float32Array, number>(ENV_ID);
  evalEnv.reset({ seed: 10_000 + seed });
  const agent = createDqn(env.observationSpace, env.actionSpace, { ...preset, totalTimesteps: budget }, seed);
  let obs = env.reset({ seed }).observation.slice();
  let train = 0;
  let solveSteps: number | undefined;
  let solveSeconds: number | undefined;
  let t0 = performance.now();
  for (let step = 1; step <= budget; step++) {
    const action = agent.act(obs);
    const r = env.step(action);
    const nextObs = r.observation.slice();
    await agent.observe({ obs, action, reward: r.reward, nextObs, terminated: r.terminated, truncated: r.truncated, info: r.info });
    obs = r.terminated || r.truncated ? env.reset().observation.slice() : nextObs;
    if (step % EVAL_EVERY === 0 && solveSteps === undefined) {
      train += performance.now() - t0;
      if (evaluate(agent, evalEnv, EVAL_EPISODES) >= SOLVED) {
        solveSteps = step;
        solveSeconds = train / 1000;
      }
      t0 = performance.now();
    }
  }
  train += performance.now() - t0;
  const finalScore = evaluate(agent, evalEnv, EVAL_EPISODES);
  agent.dispose();
  return { seed, solveSteps, solveSeconds, trainSeconds: train / 1000, finalScore };
}

/** Seconds per env step of the bare loop with random actions: the floor the agent's cost is compared with. */
function envOnlySecondsPerStep(steps: number): number {
  const env = make<Float32Array, number>(ENV_ID);
  const rng = new Rng(0);
  env.reset({ seed: 0 });
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) {
    const r = env.step(rng.integer(0, 2));
    if (r.terminated || r.truncated) env.reset();
  }
  return (performance.now() - t0) / 1000 / steps;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

const backend = await initBackend();
console.log(`dqn-cartpole: backend ${backend.name}, ${seeds} seeds, ${budget} steps each, config ${JSON.stringify(preset)}`);
const envStep = envOnlySecondsPerStep(50_000);
const results: SeedResult[] = [];
for (let seed = 0; seed < seeds; seed++) {
  const r = await runSeed(seed);
  results.push(r);
  console.log(
    `seed ${seed}: solved at ${r.solveSteps ?? '-'} steps, ${r.solveSeconds?.toFixed(1) ?? '-'} s; ` +
      `${budget} steps in ${r.trainSeconds.toFixed(1)} s (${(budget / r.trainSeconds).toFixed(0)} steps/s); final greedy score ${r.finalScore.toFixed(1)}`,
  );
}
// An unsolved seed counts as infinitely slow for the median.
const solveSec = median(results.map((r) => r.solveSeconds ?? Infinity));
const solveSteps = median(results.map((r) => r.solveSteps ?? Infinity));
const finals = results.filter((r) => r.finalScore >= SOLVED).length;
const trainSec = median(results.map((r) => r.trainSeconds));
console.log(`median time-to-solve ${solveSec.toFixed(1)} s (target <= 20 s: ${solveSec <= 20 ? 'met' : 'missed'}), median steps-to-solve ${solveSteps}`);
console.log(`final score >= ${SOLVED}: ${finals} of ${results.length} seeds (target 4 of 5: ${finals >= 4 ? 'met' : 'missed'})`);
console.log(
  `baseline (same run): bare env loop ${(envStep * 1e6).toFixed(2)} us/step; agent loop ${((trainSec / budget) * 1e6).toFixed(1)} us/step, ` +
    `${(trainSec / budget / envStep).toFixed(0)}x the bare loop`,
);
