// A DQN sweep on CartPole-v1 (16 runs: 4 learning rates × 4 seeds by default) run twice on the local pool, with one
// worker thread and with --workers of them: wall-clock of each, the speed-up, and whether the two sweeps wrote the
// same metrics (they must: each run's numbers depend on its own seed only).
// Usage: npm run bench -- sweep [--runs 16] [--steps 5000] [--workers 2]
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readJsonl } from '../src/runner/sinks/jsonl.js';
import { runSweepLocal } from '../src/runner/sweep/local-sweep.js';
import { readSweepFile } from '../src/runner/sweep/sweep-file.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '16' }, steps: { type: 'string', default: '5000' }, workers: { type: 'string', default: '2' } } });
const runs = Number(values.runs);
const workers = Number(values.workers);
const RATES = [1e-3, 6e-4, 3e-4, 1e-4];
const rates = RATES.slice(0, Math.min(RATES.length, runs));
const seeds = Math.ceil(runs / rates.length);
const root = await mkdtemp(join(tmpdir(), 'converge-bench-sweep-'));
const file = join(root, 'bench.yaml');
await writeFile(
  file,
  `name: bench
base:
  algo: dqn
  env: CartPole-v1
  steps: ${Number(values.steps)}
  backend: wasm
  evalEvery: ${Math.max(1, Math.floor(Number(values.steps) / 5))}
  evalEpisodes: 5
grid:
  hyper.learningRate: [${rates.join(', ')}]
seeds: ${seeds}
`,
);
const sweep = readSweepFile(file);
const quiet = { out: () => undefined, err: (t: string) => void process.stderr.write(t), interactive: false };

async function timed(w: number): Promise<number> {
  const t0 = performance.now();
  const outcomes = await runSweepLocal(sweep, { root: join(root, `w${w}`), workers: w, io: quiet });
  const failed = outcomes.filter((o) => o.status === 'failed');
  if (failed.length > 0) throw new Error(`${failed.length} runs failed: ${failed[0]?.error}`);
  return (performance.now() - t0) / 1000;
}

/** Every run's metrics without timing fields, to compare the two sweeps. */
function metrics(w: number): string {
  return sweep.jobs
    .map((j) => JSON.stringify(readJsonl(join(root, `w${w}`, j.run, 'metrics.jsonl')).map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !k.endsWith('S'))))))
    .join('\n');
}

console.log(`DQN sweep on CartPole-v1: ${sweep.jobs.length} runs of ${values.steps} steps (${rates.length} learning rates × ${seeds} seeds)`);
const serial = await timed(1);
console.log(`  1 worker:  ${serial.toFixed(1)} s`);
const parallel = await timed(workers);
console.log(`  ${workers} workers: ${parallel.toFixed(1)} s`);
console.log(`  speed-up ${(serial / parallel).toFixed(2)}x; metrics identical: ${metrics(1) === metrics(workers) ? 'yes' : 'NO'}`);
await rm(root, { recursive: true, force: true });
