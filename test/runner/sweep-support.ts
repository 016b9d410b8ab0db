import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { RUN_FILES } from '../../src/runner/run-dir.js';

export { cli } from '../support/run-cli.js';

/** A tiny DQN sweep on CartPole: two seeds, checkpoints often, a few seconds a run. */
export const TINY_SWEEP = `name: tiny
base:
  algo: dqn
  env: CartPole-v1
  steps: 600
  backend: wasm
  evalEvery: 300
  evalEpisodes: 2
  checkpointEvery: 100
  hyper: { netArch: [16, 16], learningStarts: 100, trainFreq: 16, gradientSteps: 4, batchSize: 32, bufferSize: 5000, learningRate: 0.001, targetUpdateInterval: 100 }
seeds: 2
`;

/** The metrics log of a run, each line without its timing fields (keys ending in S: wallS, evalS). */
export function metricsWithoutTimings(runDir: string): string[] {
  return readFileSync(join(runDir, RUN_FILES.metrics), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(l) as Record<string, unknown>).filter(([k]) => !k.endsWith('S')))));
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

/** The final agent's files of a run: path inside final-*, and content hash. */
export function finalAgent(runDir: string): Record<string, string> {
  const dir = readdirSync(runDir).find((e) => e.startsWith('final-'));
  if (dir === undefined) return {};
  return Object.fromEntries(files(join(runDir, dir)).map((p) => [relative(join(runDir, dir), p), createHash('sha256').update(readFileSync(p)).digest('hex')]));
}

/** Every file under `dir` with its size, modification time and content hash: equal snapshots mean untouched. */
export function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    files(dir).map((p) => {
      const s = statSync(p);
      return [relative(dir, p), `${s.size} ${s.mtimeMs} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`];
    }),
  );
}

/** Every file's text under `dir` together (to check that no secret was written). */
export function allText(dir: string): string {
  return files(dir)
    .map((p) => readFileSync(p, 'latin1'))
    .join('\n');
}
