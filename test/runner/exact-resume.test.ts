import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { Rng } from '../../src/core/rng.js';
import { RUN_FILES } from '../../src/runner/run-dir.js';
import { resumeRun, train } from '../../src/runner/run.js';
import { resolveTrainConfig, type TrainSettings } from '../../src/runner/train-config.js';
import { metricsWithoutTimings, trainChild } from '../support/resume-helpers.js';

const SMALL = { backend: 'wasm', evalEvery: 500, evalEpisodes: 2, checkpointEvery: 400, logEvery: 100 } as const;

/** One case per algorithm and env count: tiny budgets and networks, so a whole run takes a second or two. */
const CASES: readonly (TrainSettings & { readonly label: string })[] = [
  { label: 'dqn, 1 env', algo: 'dqn', env: 'CartPole-v1', steps: 1500, hyper: { replay: 'prioritized', doubleDqn: true, netArch: [16], learningStarts: 200, trainFreq: 8, gradientSteps: 1, batchSize: 32, targetUpdateInterval: 200, bufferSize: 2000 } },
  { label: 'dqn, 4 envs', algo: 'dqn', env: 'CartPole-v1', steps: 1500, nEnvs: 4, hyper: { netArch: [16], learningStarts: 200, trainFreq: 8, gradientSteps: 1, batchSize: 32, targetUpdateInterval: 200, bufferSize: 2000, nStep: 3 } },
  { label: 'a2c, 1 env', algo: 'a2c', env: 'CartPole-v1', steps: 1500, hyper: { netArch: [16], nSteps: 8, learningRateSchedule: 'linear' } },
  { label: 'a2c, 4 envs', algo: 'a2c', env: 'CartPole-v1', steps: 1500, nEnvs: 4, hyper: { netArch: [16], nSteps: 8 } },
  { label: 'ppo, 1 env', algo: 'ppo', env: 'CartPole-v1', steps: 1500, hyper: { netArch: [16], nSteps: 64, nEpochs: 2, batchSize: 32, learningRateSchedule: 'linear', clipRangeSchedule: 'linear' } },
  { label: 'ppo, 4 envs', algo: 'ppo', env: 'CartPole-v1', steps: 1500, nEnvs: 4, hyper: { netArch: [16], nSteps: 32, nEpochs: 2, batchSize: 64, learningRateSchedule: 'linear' } },
  { label: 'reinforce, 1 env', algo: 'reinforce', env: 'CartPole-v1', steps: 1500, hyper: { netArch: [16], batchSteps: 200, valueEpochs: 3 } },
  { label: 'polyak-pg, 1 env', algo: 'polyak-pg', env: 'CartPole-v1', steps: 1500, hyper: { netArch: [16], batchSteps: 200, valueEpochs: 3 } },
  { label: 'q-learning, 1 env', algo: 'q-learning', env: 'FrozenLake-v1', steps: 3000, hyper: { replayEvery: 50, replayUpdates: 20 } },
  { label: 'reload-ppo, 4 envs', algo: 'reload-ppo', env: 'ConstrainedCartPole-v0', steps: 1500, nEnvs: 4, hyper: { netArch: [16], nSteps: 32, nEpochs: 2, batchSize: 64, learningRateSchedule: 'linear' } },
];

describe('runner: exact resume of every algorithm', function () {
  this.timeout(120_000);
  let root = '';
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'converge-exact-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  // Fixed seeds pick the steps, so a failure names a step that reproduces it.
  const pick = new Rng('exact-resume');
  for (const c of CASES) {
    const { label, ...rest } = c;
    const settings: TrainSettings = { ...SMALL, ...rest } as TrainSettings;
    const total = settings.steps as number;
    // After the first checkpoint (a run killed before it starts again from step 0: see interrupt.test.ts).
    const killAt = pick.integer((settings.checkpointEvery as number) + 1, total);
    // SIGINT lands at the loop's next yield (within 50 ms), so it is sent well before the end.
    const interruptAt = pick.integer(1, Math.floor(total * 0.7));
    const slug = label.replace(/[^\w]+/g, '-');
    let whole: Record<string, unknown>[] = [];
    let wholeSteps = 0;

    it(`${label}: killed (SIGKILL) at step ${killAt} and resumed, writes the metrics of the uninterrupted run`, async () => {
      wholeSteps = (await train(resolveTrainConfig(settings), { out: root, name: `${slug}-whole` })).result.steps;
      whole = metricsWithoutTimings(join(root, `${slug}-whole`));
      expect(whole.filter((r) => r.kind === 'episode').length, 'episodes logged').to.be.greaterThan(3);
      const r = await trainChild(settings, root, `${slug}-kill`, killAt, 'SIGKILL');
      expect(r.signal, 'the child died of SIGKILL').to.equal('SIGKILL');
      const dir = join(root, `${slug}-kill`);
      expect(existsSync(join(dir, RUN_FILES.final))).to.equal(false);
      const resumed = await resumeRun(dir);
      expect(resumed?.result.steps).to.equal(wholeSteps);
      expect(metricsWithoutTimings(dir)).to.deep.equal(whole);
    });

    it(`${label}: interrupted (SIGINT) at step ${interruptAt}, exits 130 with a checkpoint there, and resumed, writes the same metrics`, async () => {
      const r = await trainChild(settings, root, `${slug}-int`, interruptAt, 'SIGINT');
      expect(r.code, r.out).to.equal(130);
      const { steps, checkpointStep } = JSON.parse(r.out) as { steps: number; checkpointStep: number | null };
      expect(checkpointStep, 'a checkpoint at the step the run stopped').to.equal(steps);
      const dir = join(root, `${slug}-int`);
      await resumeRun(dir);
      expect(metricsWithoutTimings(dir)).to.deep.equal(whole);
    });
  }
});
