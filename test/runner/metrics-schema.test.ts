import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { RUN_FILES } from '../../src/runner/run-dir.js';
import { train } from '../../src/runner/run.js';
import { readJsonl } from '../../src/runner/sinks/jsonl.js';
import { RECORD_FIELDS, type MetricRecord } from '../../src/runner/sinks/metric-record.js';
import { resolveTrainConfig } from '../../src/runner/train-config.js';

const HYPER: Record<string, Record<string, unknown>> = {
  dqn: { netArch: [8], learningStarts: 50, trainFreq: 8, gradientSteps: 1, batchSize: 16, bufferSize: 1000 },
  a2c: { netArch: [8] },
  ppo: { netArch: [8], nSteps: 32, batchSize: 32, nEpochs: 1 },
  reinforce: { netArch: [8], batchSteps: 100, valueEpochs: 1 },
  'polyak-pg': { netArch: [8], batchSteps: 100, valueEpochs: 1 },
};

/** The metrics log of a short CartPole run. */
async function recordsOf(root: string, algo: string, nEnvs: number): Promise<MetricRecord[]> {
  const config = resolveTrainConfig({ algo, env: 'CartPole-v1', steps: 800, nEnvs, seed: 2, backend: 'cpu', evalEvery: 400, evalEpisodes: 2, logEvery: 100, hyper: HYPER[algo] ?? {} });
  const s = await train(config, { out: root, name: `${algo}-${nEnvs}` });
  return readJsonl<MetricRecord>(join(s.runDir, RUN_FILES.metrics));
}

describe('runner: one metrics schema per record kind', function () {
  this.timeout(60_000);
  let root = '';
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'converge-schema-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const cases: [string, number][] = [...Object.keys(HYPER).map((a): [string, number] => [a, 1]), ['dqn', 4], ['a2c', 4], ['ppo', 4]];
  for (const [algo, nEnvs] of cases) {
    it(`${algo} with ${nEnvs} env${nEnvs > 1 ? 's' : ''}: fields mean the same in every record, none twice`, async () => {
      const records = await recordsOf(root, algo, nEnvs);
      let episodes = 0;
      let lastStep = 0;
      const trains = records.filter((r) => r.kind === 'train');
      expect(trains.length, 'train records').to.be.at.least(7);
      expect(new Set(records.map((r) => JSON.stringify(r))).size, 'duplicated records').to.equal(records.length);
      for (const r of records) {
        expect(r.kind).to.be.oneOf(['episode', 'eval', 'train']);
        expect(r.step, 'step is the run step, in order').to.be.a('number').and.at.least(lastStep);
        expect(Number.isInteger(r.step)).to.equal(true);
        lastStep = r.step;
        const fields = RECORD_FIELDS[r.kind as keyof typeof RECORD_FIELDS];
        if (r.kind === 'train') {
          expect(Object.keys(r).slice(0, 3)).to.deep.equal([...fields]);
          expect(r['episodes'], 'running total of episodes').to.equal(episodes);
          for (const [k, v] of Object.entries(r)) if (k !== 'kind') expect(v === null || typeof v === 'number' || typeof v === 'boolean', `${k}: ${String(v)}`).to.equal(true);
        } else {
          expect(Object.keys(r)).to.have.members([...fields]);
        }
        if (r.kind === 'episode') expect(r['episode']).to.equal(++episodes);
      }
      // A train record is logged every 100 steps (the batch step that crosses it for a vector env).
      trains.forEach((r, i) => expect(Math.floor(r.step / 100), `train record ${i}`).to.equal(i + 1));
    });
  }
});
