import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { from, lastValueFrom, toArray } from 'rxjs';
import type { BatchTransition, VectorAgent } from '../../src/core/agent.js';
import { WithCosts, type ConstraintSpec } from '../../src/envs/constrained/index.js';
import { SyncVectorEnv } from '../../src/envs/vector/sync-vector-env.js';
import { interact } from '../../src/runner/interact.js';
import { episodes } from '../../src/runner/operators/episodes.js';
import { RUN_FILES } from '../../src/runner/run-dir.js';
import { resumeRun, train } from '../../src/runner/run.js';
import { progressSink } from '../../src/runner/sinks/progress.js';
import type { MetricRecord } from '../../src/runner/sinks/metric-record.js';
import { resolveTrainConfig, type TrainSettings } from '../../src/runner/train-config.js';
import { metricsWithoutTimings, trainChild } from '../support/resume-helpers.js';
import { cli } from '../support/run-cli.js';
import { CountdownEnv } from '../support/toy-envs.js';

const constraints: readonly ConstraintSpec[] = [{ name: 'disc', budget: 1, kind: 'discounted', gamma: 0.5 }];

/** A vector agent that always takes action 0 and learns nothing. */
const zeros: VectorAgent = {
  actBatch: (_obs: Float32Array, n: number) => new Int32Array(n),
  observeBatch: (_b: BatchTransition) => undefined,
  save: async () => {},
  load: async () => {},
} as unknown as VectorAgent;

describe('runner: costs in vector envs, evaluations, progress, reports and resumes', function () {
  this.timeout(60_000);
  let root = '';
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'constrained-runner-'));
  });
  after(async () => rm(root, { recursive: true, force: true }));

  it("a vector env's episode records carry each copy's episode costs", async () => {
    // Copy i ends after 2 or 3 steps, cost 1 per step: discounted 1 + 0.5 (+ 0.25).
    const env = new SyncVectorEnv([2, 3].map((k) => () => new WithCosts(new CountdownEnv({ k }), constraints, (_a, _r, out) => out.set([1]))));
    const eps = await lastValueFrom(interact(env, zeros, { seed: 0, steps: 10, learn: false }).pipe(episodes(), toArray()));
    expect(eps.length).to.be.at.least(3);
    for (const e of eps) expect(e.costs).to.deep.equal([e.envIndex === 0 ? 1.5 : 1.75]);
  });

  it('the progress bar shows the mean episode cost against each budget', () => {
    const stream = new PassThrough();
    let out = '';
    stream.on('data', (d: Buffer) => (out += d.toString()));
    const records: MetricRecord[] = [
      { kind: 'episode', step: 10, return: 10, costs: [0.25] },
      { kind: 'episode', step: 30, return: 20, costs: [0.75] },
    ];
    from(records).subscribe(progressSink({ total: 100, stream, constraints: [{ name: 'hazard', budget: 0.5, kind: 'discounted', gamma: 0.9 }] }));
    expect(out).to.match(/return 15\.0 \| cost hazard 0\.50\/0\.50 \|/);
  });

  it('evaluations log the mean discounted cost; the report draws the cost curve with the budget and the final cost against it', async () => {
    const s = await train(resolveTrainConfig({ algo: 'reload', env: 'ConstrainedGridWorld-v0', steps: 1500, evalEvery: 500, evalEpisodes: 3, backend: 'cpu' }), { out: root, name: 'grid' });
    const dir = s.runDir;
    const evals = metricsWithoutTimings(dir).filter((r) => r.kind === 'eval');
    expect(evals).to.have.length(3);
    for (const e of evals) expect(e['meanCosts']).to.be.an('array').with.length(1);
    expect(existsSync(join(dir, RUN_FILES.costCurve))).to.equal(true);
    const svg = readFileSync(join(dir, RUN_FILES.costCurve), 'utf8');
    expect(svg).to.include('hazard: budget 0.5');
    const report = readFileSync(join(dir, RUN_FILES.report), 'utf8');
    expect(report).to.match(/\| Final greedy evaluation cost, hazard \(discounted\) \| \d+\.\d{4} ± \d+\.\d{4} \(stderr\) against budget 0\.5: (within|over) budget \|/);
    expect(report).to.include(`![Costs and budgets](${RUN_FILES.costCurve})`);
    const results = JSON.parse(readFileSync(join(dir, RUN_FILES.results), 'utf8')) as { finalMeanCosts: number[]; finalCosts: number[][] };
    expect(results.finalCosts).to.have.length(3);
    expect(results.finalMeanCosts[0]).to.be.closeTo(results.finalCosts.reduce((a, c) => a + (c[0] as number), 0) / 3, 1e-12);
    const ev = await cli('eval', dir, '--episodes', '2');
    expect(ev.code, ev.err).to.equal(0);
    expect(ev.out).to.match(/\n {2}mean cost against budget: hazard \d+\.\d\d\/0\.50\n$/);
  });

  // Checkpoints land mid-episode (both envs snapshot), so the resumed episode must carry its costs so far.
  const cases: readonly (TrainSettings & { readonly label: string; readonly killAt: number })[] = [
    { label: 'reload on ConstrainedGridWorld-v0', killAt: 1100, algo: 'reload', env: 'ConstrainedGridWorld-v0', steps: 2000, checkpointEvery: 333, evalEvery: 700, evalEpisodes: 2, backend: 'cpu' },
    {
      label: 'ppo on ConstrainedCartPole-v0',
      killAt: 800,
      algo: 'ppo',
      env: 'ConstrainedCartPole-v0',
      envKwargs: { budget: 0.5, band: 0.02 },
      steps: 1200,
      checkpointEvery: 317,
      evalEvery: 600,
      evalEpisodes: 2,
      backend: 'wasm',
      hyper: { netArch: [8], nSteps: 64, nEpochs: 1, batchSize: 32 },
    },
    {
      label: 'dqn on ConstrainedCartPole-v0 with 2 envs',
      killAt: 700,
      algo: 'dqn',
      env: 'ConstrainedCartPole-v0',
      envKwargs: { budget: 1, band: 0.05 },
      nEnvs: 2,
      steps: 1200,
      checkpointEvery: 301,
      evalEvery: 600,
      evalEpisodes: 2,
      backend: 'wasm',
      hyper: { netArch: [8], learningStarts: 100, trainFreq: 8, gradientSteps: 1, batchSize: 16, bufferSize: 1000, targetUpdateInterval: 100 },
    },
  ];
  for (const { label, killAt, ...settings } of cases) {
    it(`${label}: killed (SIGKILL) mid-episode and resumed, logs the costs of the uninterrupted run`, async () => {
      const slug = label.replace(/[^\w]+/g, '-');
      await train(resolveTrainConfig(settings), { out: root, name: `${slug}-whole` });
      const whole = metricsWithoutTimings(join(root, `${slug}-whole`));
      expect(whole.filter((r) => r.kind === 'episode' && Array.isArray(r['costs'])).length, 'episodes with costs').to.be.greaterThan(3);
      const r = await trainChild(settings, root, `${slug}-kill`, killAt, 'SIGKILL');
      expect(r.signal).to.equal('SIGKILL');
      const dir = join(root, `${slug}-kill`);
      const ckpt = JSON.parse(readFileSync(join(dir, RUN_FILES.checkpoint), 'utf8')) as { dir: string };
      const episode = JSON.parse(readFileSync(join(dir, ckpt.dir, 'episode.json'), 'utf8')) as { costs?: unknown[] };
      expect(episode.costs, 'the episode costs so far are in the checkpoint').to.be.an('array').that.is.not.empty;
      await resumeRun(dir);
      expect(metricsWithoutTimings(dir)).to.deep.equal(whole);
    });
  }
});
