// The runner's cost per step: CartPole-v1 (through make()) with a pooled-action agent that learns nothing, stepped
// by a hand-written loop (copying observations as interact does) and by interact(), single env and 8 copies;
// median of several timed runs after a warm-up, all in this one process.
// Usage: npm run bench -- runner-interact [--steps 500000] [--runs 5]
import { parseArgs } from 'node:util';
import { lastValueFrom } from 'rxjs';
import type { ActOptions, VectorAgent } from '../src/core/agent.js';
import { Rng } from '../src/core/rng.js';
import { make } from '../src/envs/registry.js';
import { SyncVectorEnv } from '../src/envs/vector/sync-vector-env.js';
import { interact } from '../src/runner/interact.js';

const COPIES = 8;
const ACTION_POOL = 1 << 16;
const { values } = parseArgs({ options: { steps: { type: 'string', default: '500000' }, runs: { type: 'string', default: '5' } } });
const steps = Number(values.steps);
const runs = Number(values.runs);

/** Acts from a pre-drawn pool of random actions and learns nothing, so the env and the loop are what is timed. */
class PoolAgent implements VectorAgent {
  private readonly pool: Int32Array;
  private i = 0;
  constructor(seed: number) {
    const rng = new Rng(seed);
    this.pool = Int32Array.from({ length: ACTION_POOL }, () => rng.integer(0, 2));
  }
  act(_obs: Float32Array, _opts?: ActOptions): number {
    return this.pool[this.i++ & (ACTION_POOL - 1)] as number;
  }
  actBatch(_obs: Float32Array, n: number): Int32Array {
    const out = new Int32Array(n);
    for (let k = 0; k < n; k++) out[k] = this.pool[this.i++ & (ACTION_POOL - 1)] as number;
    return out;
  }
  observe(): void {}
  observeBatch(): void {}
  async save(): Promise<void> {}
  async load(): Promise<void> {}
}

function plainLoop(n: number): number {
  const env = make<Float32Array, number>('CartPole-v1');
  const agent = new PoolAgent(0);
  let obs = env.reset({ seed: 0 }).observation.slice();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const r = env.step(agent.act(obs));
    const next = r.observation.slice();
    agent.observe();
    obs = r.terminated || r.truncated ? env.reset().observation.slice() : next;
  }
  return n / ((performance.now() - t0) / 1000);
}

async function viaInteract(n: number, copies: number): Promise<number> {
  const agent = new PoolAgent(0);
  const t0 = performance.now();
  if (copies === 1) await lastValueFrom(interact(make<Float32Array, number | Float32Array>('CartPole-v1'), agent, { seed: 0, steps: n }));
  else await lastValueFrom(interact(new SyncVectorEnv(Array.from({ length: copies }, () => () => make('CartPole-v1'))), agent, { seed: 0, steps: n }));
  return n / ((performance.now() - t0) / 1000);
}

async function median(f: () => number | Promise<number>): Promise<number> {
  await f();
  const xs: number[] = [];
  for (let k = 0; k < runs; k++) xs.push(await f());
  return xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
}

const plain = await median(() => plainLoop(steps));
const single = await median(() => viaInteract(steps, 1));
const vector = await median(() => viaInteract(steps, COPIES));
const fmt = (x: number) => `${(x / 1e6).toFixed(3)} M steps/s`;
console.log(`CartPole-v1, ${steps} steps, median of ${runs} runs`);
console.log(`  hand-written loop        ${fmt(plain)}`);
console.log(`  interact, 1 env          ${fmt(single)}  (${(single / plain).toFixed(2)} x the loop)`);
console.log(`  interact, ${COPIES} copies       ${fmt(vector)}  (${(vector / plain).toFixed(2)} x the loop)`);
