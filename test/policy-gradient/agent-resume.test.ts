import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Agent, StepStats } from '../../src/core/agent.js';
import { initBackend } from '../../src/core/backend.js';
import type { Env, EnvSnapshot } from '../../src/core/env.js';
import { Rng } from '../../src/core/rng.js';
import { make } from '../../src/envs/index.js';
import { createPgAgent, type PgAlgorithm } from '../../src/policy-gradient/pg-algorithms.js';

type Learner = Agent<Float32Array, number | Float32Array>;
type SnapEnv = Env<Float32Array, number> & { snapshot(): EnvSnapshot; restore(s: EnvSnapshot): void };

/** A loop of `agent` on `env` that can stop and continue: its reset seeds, the observation under way, the stats. */
class Loop {
  obs: Float32Array | undefined;
  constructor(
    readonly env: SnapEnv,
    readonly rng: Rng,
  ) {}

  async run(agent: Learner, n: number): Promise<(StepStats | null)[]> {
    const seen: (StepStats | null)[] = [];
    for (let k = 0; k < n; k++) {
      this.obs ??= this.env.reset({ seed: this.rng.uint32() }).observation.slice();
      const action = agent.act(this.obs);
      const r = this.env.step(action as number);
      const nextObs = r.observation.slice();
      seen.push((await agent.observe({ obs: this.obs, action, reward: r.reward, nextObs, terminated: r.terminated, truncated: r.truncated, info: r.info })) ?? null);
      this.obs = r.terminated || r.truncated ? undefined : nextObs;
    }
    return JSON.parse(JSON.stringify(seen)) as (StepStats | null)[];
  }
}

const HYPER: Readonly<Record<PgAlgorithm, Record<string, unknown>>> = {
  a2c: { netArch: [8], nSteps: 16 },
  ppo: { netArch: [8], nSteps: 64, nEpochs: 2, batchSize: 16 },
  reinforce: { netArch: [8], batchSteps: 100, valueEpochs: 2 },
  'polyak-pg': { netArch: [8], batchSteps: 100, valueEpochs: 2 },
};

describe('policy-gradient: save and load mid-batch', () => {
  let root = '';
  before(async () => {
    await initBackend('wasm');
    root = await mkdtemp(join(tmpdir(), 'converge-pg-resume-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  for (const algo of Object.keys(HYPER) as PgAlgorithm[]) {
    it(`${algo}: an agent loaded from a save taken mid-rollout learns as the one that went on`, async function () {
      this.timeout(30_000);
      const build = () => createPgAgent(algo, make('CartPole-v1').observationSpace, make('CartPole-v1').actionSpace, HYPER[algo], 7) as Learner;
      const a = build();
      const loop = new Loop(make('CartPole-v1') as SnapEnv, new Rng(1));
      await loop.run(a, 157);
      const dir = join(root, algo);
      await a.save(dir);
      const at = { env: JSON.parse(JSON.stringify(loop.env.snapshot())) as EnvSnapshot, rng: loop.rng.getState(), obs: loop.obs?.slice() };
      const ahead = await loop.run(a, 400);
      expect(ahead.filter((s) => s !== null).length, 'updates after the save').to.be.greaterThan(1);
      const b = build();
      await b.load(dir);
      const resumed = new Loop(make('CartPole-v1') as SnapEnv, Rng.fromState(at.rng));
      resumed.env.restore(at.env);
      resumed.obs = at.obs;
      expect(await resumed.run(b, 400)).to.deep.equal(ahead);
      a.dispose?.();
      b.dispose?.();
    });
  }
});
