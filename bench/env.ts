// CartPole-v1 steps per second with random actions: the raw env, through make() (TimeLimit + OrderEnforcing), and an
// 8-copy SyncVectorEnv of make() envs; median of several timed runs after a warm-up, all in this one process.
// Usage: npm run bench -- env [--steps 2000000] [--runs 5]
import { parseArgs } from 'node:util';
import type { Env } from '../src/core/env.js';
import { Rng } from '../src/core/rng.js';
import { CartPoleEnv } from '../src/envs/classic-control/index.js';
import { make } from '../src/envs/registry.js';
import { SyncVectorEnv } from '../src/envs/vector/sync-vector-env.js';

/** `gym.make("CartPole-v1")` on this machine, from issue 2. */
const GYMNASIUM_STEPS_PER_S = 0.09e6;
const COPIES = 8;
/** Pre-drawn random actions, cycled, so drawing them is not timed. */
const ACTION_POOL = 1 << 16;

const { values } = parseArgs({ options: { steps: { type: 'string', default: '2000000' }, runs: { type: 'string', default: '5' } } });
const steps = Number(values.steps);
const runs = Number(values.runs);

const rng = new Rng(0);
const actions = Int32Array.from({ length: ACTION_POOL }, () => rng.integer(0, 2));

/** Steps one env `n` times with the pooled actions, resetting when an episode ends; returns steps per second. */
function timeSingle(env: Env<Float32Array, number>, n: number): number {
  env.reset({ seed: 0 });
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const r = env.step(actions[i & (ACTION_POOL - 1)] as number);
    if (r.terminated || r.truncated) env.reset();
  }
  return n / ((performance.now() - t0) / 1000);
}

// One action batch per pool slot, made before timing (SyncVectorEnv autoresets by itself).
const batches = Array.from({ length: ACTION_POOL / COPIES }, (_, k) => actions.subarray(k * COPIES, (k + 1) * COPIES));

/** Steps the vector env `n / COPIES` times; returns env steps (copies x calls) per second. */
function timeVector(env: SyncVectorEnv<Int32Array>, n: number): number {
  env.reset({ seed: 0 });
  const calls = Math.ceil(n / COPIES);
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) env.step(batches[i % batches.length] as Int32Array);
  return (calls * COPIES) / ((performance.now() - t0) / 1000);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

const cases: [name: string, run: (n: number) => number][] = [
  ['raw CartPoleEnv', (n) => timeSingle(new CartPoleEnv(), n)],
  ['make("CartPole-v1")', (n) => timeSingle(make<Float32Array, number>('CartPole-v1'), n)],
  [`SyncVectorEnv x${COPIES} of make()`, (n) => timeVector(new SyncVectorEnv<Int32Array>(Array.from({ length: COPIES }, () => () => make('CartPole-v1'))), n)],
];

console.log(`CartPole-v1, random actions: ${steps} steps per run, median of ${runs} runs after a warm-up (node ${process.version})`);
const medians: number[] = [];
for (const [name, run] of cases) {
  run(Math.min(steps, 200_000));
  const rates = Array.from({ length: runs }, () => run(steps));
  const m = median(rates);
  medians.push(m);
  const vsRaw = medians.length > 1 ? `, ${(m / (medians[0] as number)).toFixed(2)}x raw` : '';
  console.log(
    `${name.padEnd(28)} ${(m / 1e6).toFixed(2).padStart(6)} M steps/s  (min ${(Math.min(...rates) / 1e6).toFixed(2)}, max ${(Math.max(...rates) / 1e6).toFixed(2)})` +
      `  ${(m / GYMNASIUM_STEPS_PER_S).toFixed(0)}x Gymnasium's 0.09 M${vsRaw}`,
  );
}
