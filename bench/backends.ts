// Gradient steps per second on each tensor backend, as a ratio to wasm in the same run: the DQN update (replay
// sample on the device, targets, Huber loss, gradients, Adam) for nets 64-64 and 256-256 at batch 64 and 1024, and
// a PPO minibatch step (policy and value nets 64-64, batch 64); then the cost of one replay sample from the tensor
// buffer (a device gather) against the typed-array ring (with and without uploading the batch). CartPole's shapes:
// 4 observations, 2 actions. Built from plain tfjs ops (bench/support/plain-updates.ts), not the agents.
// Steps are timed with no host read inside the window but one every 50 steps and one at its end, so a GPU's queue
// cannot run ahead of the clock.
// Usage: npm run bench -- backends [--backends cpu,wasm,webgpu] [--seconds 1]
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { type BackendName, describeBackend, initBackend, parseBackend } from '../src/core/backend.js';
import { Rng } from '../src/core/rng.js';
import { RingBuffer } from '../src/replay/ring-buffer.js';
import { TensorReplayBuffer } from '../src/replay/tensor-buffer.js';
import { dqnRows, dqnStep, mlpValues, mlpVariables, ppoBatch, ppoStep } from './support/plain-updates.js';

const OBS = 4;
const ACTIONS = 2;
const CAPACITY = 50_000;

const { values } = parseArgs({ options: { backends: { type: 'string', default: 'cpu,wasm,webgpu' }, seconds: { type: 'string', default: '1' } } });
const backends = values.backends.split(',').map((b) => parseBackend(b.trim(), '--backends'));
const seconds = Number(values.seconds);

/** Calls per second of `step` (its result read back to end the window), after 3 untimed warm-up calls. */
async function perSecond(step: () => tf.Tensor): Promise<number> {
  for (let i = 0; i < 3; i++) {
    const t = step();
    await t.data();
    t.dispose();
  }
  let n = 0;
  let last: tf.Tensor | undefined;
  const t0 = performance.now();
  while (n < 3 || performance.now() - t0 < seconds * 1000) {
    last?.dispose();
    last = step();
    n++;
    if (n % 50 === 0) await last.data();
  }
  await (last as tf.Tensor).data();
  last?.dispose();
  return n / ((performance.now() - t0) / 1000);
}

/** A filled tensor replay buffer on the current backend. */
function tensorBuffer(rng: Rng): TensorReplayBuffer {
  const b = new TensorReplayBuffer({ capacity: CAPACITY, obsDim: OBS, flushEvery: 1000 });
  for (let k = 0; k < CAPACITY; k += 10_000) b.addBatch(dqnRows(rng, 10_000, OBS, ACTIONS));
  b.flush();
  return b;
}

interface Case {
  readonly name: string;
  readonly unit: 'steps/s' | 'us/sample';
  run(rng: Rng): Promise<number>;
}

function dqnCase(hidden: number, batch: number, buffer: () => TensorReplayBuffer): Case {
  return {
    name: `dqn update ${hidden}-${hidden} batch ${batch}`,
    unit: 'steps/s',
    async run(rng) {
      const sizes = [OBS, hidden, hidden, ACTIONS];
      const online = mlpVariables(sizes, mlpValues(sizes, rng));
      const target = mlpVariables(sizes, mlpValues(sizes, rng));
      const opt = tf.train.adam(1e-3);
      const b = buffer();
      const rate = await perSecond(() => tf.tidy(() => dqnStep(opt, online, target, b.sampleTensors(batch, rng), 0.99)));
      tf.dispose([...online, ...target]);
      opt.dispose();
      return rate;
    },
  };
}

function ppoCase(hidden: number, batch: number): Case {
  return {
    name: `ppo minibatch ${hidden}-${hidden} batch ${batch}`,
    unit: 'steps/s',
    async run(rng) {
      const policy = mlpVariables([OBS, hidden, hidden, ACTIONS], mlpValues([OBS, hidden, hidden, ACTIONS], rng));
      const value = mlpVariables([OBS, hidden, hidden, 1], mlpValues([OBS, hidden, hidden, 1], rng));
      const data = ppoBatch(rng, batch, OBS, ACTIONS);
      const opt = tf.train.adam(3e-4);
      const rate = await perSecond(() => ppoStep(opt, policy, value, data, { clipRange: 0.2, vfCoef: 0.5, entCoef: 0 }));
      tf.dispose([...policy, ...value, ...Object.values(data)]);
      opt.dispose();
      return rate;
    },
  };
}

/**
 * Microseconds per sample of `batch` rows: from the tensor buffer (device gather), or the ring (+ upload). Each
 * step keeps the tensor made last (the others are disposed): reading it waits for the rest, queued before it.
 */
function sampleCases(batch: number, buffer: () => TensorReplayBuffer): Case[] {
  const us = (rate: number) => 1e6 / rate;
  const ring = (rng: Rng) => {
    const r = new RingBuffer({ capacity: CAPACITY, obsDim: OBS });
    for (let k = 0; k < CAPACITY; k += 10_000) r.addBatch(dqnRows(rng, 10_000, OBS, ACTIONS));
    return r;
  };
  return [
    {
      name: `sample ${batch}: tensor buffer (gather)`,
      unit: 'us/sample',
      async run(rng) {
        const b = buffer();
        return us(await perSecond(() => tf.tidy(() => b.sampleTensors(batch, rng).terminated)));
      },
    },
    {
      name: `sample ${batch}: ring + upload`,
      unit: 'us/sample',
      async run(rng) {
        const r = ring(rng);
        return us(
          await perSecond(() =>
            tf.tidy(() => {
              const s = r.sample(batch, rng);
              tf.tensor2d(s.obs, [batch, OBS]);
              tf.tensor1d(Int32Array.from(s.actions), 'int32');
              tf.tensor1d(s.rewards);
              tf.tensor2d(s.nextObs, [batch, OBS]);
              return tf.tensor1d(s.terminated);
            }),
          ),
        );
      },
    },
    {
      name: `sample ${batch}: ring only (host)`,
      unit: 'us/sample',
      async run(rng) {
        const r = ring(rng);
        const n = 20_000;
        const t0 = performance.now();
        let sink = 0;
        for (let i = 0; i < n; i++) sink += r.sample(batch, rng).rewards[0] as number;
        if (Number.isNaN(sink)) throw new Error('unreachable');
        return ((performance.now() - t0) * 1000) / n;
      },
    },
  ];
}

let shared: TensorReplayBuffer | undefined;
const buffer = () => (shared ??= tensorBuffer(new Rng(1)));
const cases: Case[] = [
  ...[64, 256].flatMap((h) => [64, 1024].map((b) => dqnCase(h, b, buffer))),
  ppoCase(64, 64),
  ...[64, 1024].flatMap((b) => sampleCases(b, buffer)),
];

const results = new Map<BackendName, Map<string, number>>();
const labels = new Map<BackendName, string>();
for (const backend of backends) {
  try {
    labels.set(backend, describeBackend(await initBackend(backend)));
  } catch (e) {
    console.log(`${backend}: not run (${(e as Error).message})`);
    continue;
  }
  const row = new Map<string, number>();
  for (const c of cases) row.set(c.name, await c.run(new Rng(2)));
  shared?.dispose();
  shared = undefined;
  results.set(backend, row);
  console.error(`  ${labels.get(backend)}: done`);
}

const ran = [...results.keys()];
const wasm = results.get('wasm');
const cell = (v: number | undefined, w: number | undefined, unit: Case['unit']) => {
  if (v === undefined) return '-';
  const shown = v.toFixed(v < 10 ? 1 : 0);
  // A ratio > 1 is faster than wasm in both units: steps/s divided by wasm's, wasm's µs divided by these.
  const ratio = w === undefined ? '' : ` (${(unit === 'steps/s' ? v / w : w / v).toFixed(2)}x)`;
  return `${shown}${ratio}`;
};
console.log(`\nbackends: ${ran.map((b) => labels.get(b)).join('; ')}; ${seconds} s per cell; (Nx) = speed relative to wasm in this run`);
console.log(`| case | unit | ${ran.join(' | ')} |`);
console.log(`|---|---|${ran.map(() => '---:').join('|')}|`);
for (const c of cases) {
  console.log(`| ${c.name} | ${c.unit} | ${ran.map((b) => cell(results.get(b)?.get(c.name), wasm?.get(c.name), c.unit)).join(' | ')} |`);
}
