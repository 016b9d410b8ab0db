import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import type { BatchTransition, StepStats } from '../../src/core/agent.js';
import { initBackend } from '../../src/core/backend.js';
import type { Env } from '../../src/core/env.js';
import { Rng } from '../../src/core/rng.js';
import { make } from '../../src/envs/index.js';
import type { ConstraintSpec } from '../../src/envs/constrained/constrained-env.js';
import { LagrangianPpo } from '../../src/policy-gradient/lagrangian-ppo.js';
import { createLagrangianPpo } from '../../src/policy-gradient/lagrangian-ppo-algorithms.js';
import { trainConstrained } from '../../bench/support/constrained-ppo.js';

const ENV = 'ConstrainedCartPole-v0';
const BUDGET: ConstraintSpec = { name: 'c', budget: 0.5, kind: 'discounted', gamma: 0.9 };
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** A one-copy batch step with cost `cost`, ending the episode when `end`. */
function step(cost: number, end: boolean, costs: unknown = Float64Array.of(cost)): BatchTransition {
  return {
    n: 1, obs: new Float32Array(4), actions: Float32Array.of(0), rewards: Float64Array.of(1), nextObs: new Float32Array(4),
    terminated: Uint8Array.of(end ? 1 : 0), truncated: Uint8Array.of(0), valid: Uint8Array.of(1), infos: [{ costs }],
  } as BatchTransition;
}

describe('policy-gradient: LagrangianPpo (ReLOAD deep form)', () => {
  let root = '';
  before(async () => {
    await initBackend('wasm');
    root = await mkdtemp(join(tmpdir(), 'converge-lagrangian-ppo-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const space = () => make(ENV) as Env<Float32Array, number>;
  const build = (optimistic: boolean, extra = {}) =>
    new LagrangianPpo(space().observationSpace, space().actionSpace, new Rng(3), {
      constraints: [BUDGET], optimistic, nSteps: 2, learningRate: 0.1, multiplierMax: 4, initialMultiplier: 1, netArch: [4], ...extra,
    });

  for (const optimistic of [true, false]) {
    it(`${optimistic ? 'optimistic' : 'GDA'}: λ ascends on the rollout's discounted episode cost minus the budget, μ = μ_max·σ(λ)`, async () => {
      const a = build(optimistic);
      const l0 = Math.log(1 / 3); // μ0 = 1 = 4·σ(λ0)
      expect(a.multipliers()[0]).to.be.closeTo(1, 1e-12);
      a.observeBatch(step(1, false));
      const s1 = (await a.observeBatch(step(1, true))) as StepStats;
      const g1 = 1 + 0.9 - 0.5;
      expect(a.lambda[0]).to.be.closeTo(l0 + 0.1 * g1, 1e-12);
      expect(s1['mu/c']).to.be.closeTo(4 * sigmoid(l0 + 0.1 * g1), 1e-12);
      a.observeBatch(step(0, false));
      await a.observeBatch(step(0, true));
      const g2 = -0.5;
      expect(a.lambda[0]).to.be.closeTo(l0 + 0.1 * g1 + 0.1 * (optimistic ? 2 * g2 - g1 : g2), 1e-12);
      a.dispose();
    });

    it(`${optimistic ? 'optimistic' : 'GDA'}: the parameter gradient is ${optimistic ? '2·g_t − g_{t−1}' : 'g_t'}`, () => {
      const a = build(optimistic);
      const hook = (a as unknown as { transformGrads(g: tf.Tensor[]): tf.Tensor[] }).transformGrads.bind(a);
      const params = a.optimizer.params as tf.Variable[];
      const first = hook(params.map((p) => tf.onesLike(p)));
      const second = hook(params.map((p) => tf.fill(p.shape, 2)));
      expect(Array.from(first[0]!.dataSync())).to.deep.equal(new Array(first[0]!.size).fill(1));
      expect(Array.from(second[0]!.dataSync())).to.deep.equal(new Array(second[0]!.size).fill(optimistic ? 3 : 2));
      a.dispose();
    });
  }

  it('names the env copy and the problem when info.costs is wrong', () => {
    const a = build(true);
    expect(() => a.observeBatch(step(0, false, [1]))).to.throw(/env copy 0: info\.costs is .*Float64Array/);
    a.dispose();
  });

  it('needs Box observations and declared constraints', () => {
    const grid = make('ConstrainedGridWorld-v0');
    expect(() => createLagrangianPpo('reload-ppo', grid.observationSpace, grid.actionSpace, [BUDGET], {}, 0)).to.throw(/Box observations/);
    expect(() => createLagrangianPpo('reload-ppo', space().observationSpace, space().actionSpace, undefined, {}, 0)).to.throw(/ConstrainedEnv/);
  });

  it('an agent loaded from a save taken mid-rollout learns as the one that went on', async function () {
    this.timeout(30_000);
    const hyper = { netArch: [8], nSteps: 32, nEpochs: 2, batchSize: 16 };
    const constraints = (make(ENV) as unknown as { constraints: ConstraintSpec[] }).constraints;
    const mk = () => createLagrangianPpo('reload-ppo', space().observationSpace, space().actionSpace, constraints, hyper, 5);
    // Runs episodes from seeds 0, 1, …; stops right after an episode ends, so the env needs no snapshot.
    const run = async (agent: LagrangianPpo, fromEpisode: number, episodes: number): Promise<(StepStats | null)[]> => {
      const env = make(ENV) as Env<Float32Array, number>;
      const seen: (StepStats | null)[] = [];
      for (let e = fromEpisode; e < fromEpisode + episodes; e++) {
        let obs = env.reset({ seed: e }).observation.slice();
        for (;;) {
          const action = agent.act(obs) as number;
          const r = env.step(action);
          const nextObs = r.observation.slice();
          const out = await agent.observe({ obs, action, reward: r.reward, nextObs, terminated: r.terminated, truncated: r.truncated, info: r.info });
          seen.push(out ? JSON.parse(JSON.stringify(out)) : null);
          obs = nextObs;
          if (r.terminated || r.truncated) break;
        }
      }
      return seen;
    };
    const a = mk();
    const before = await run(a, 0, 5);
    expect(before.length % 32, 'the save falls mid-rollout').to.not.equal(0);
    await a.save(join(root, 'resume'));
    const ahead = await run(a, 5, 10);
    expect(ahead.filter((s) => s !== null).length, 'updates after the save').to.be.greaterThan(1);
    const b = mk();
    await b.load(join(root, 'resume'));
    expect(await run(b, 5, 10)).to.deep.equal(ahead);
    expect(Array.from(b.lambda)).to.deep.equal(Array.from(a.lambda));
    a.dispose();
    b.dispose();
  });

  it('on ConstrainedCartPole-v0 (one seed, 20k steps) incurs less discounted cost than unconstrained PPO', async function () {
    this.timeout(120_000);
    const reload = await trainConstrained('reload-ppo', ENV, 0, 20_000);
    const ppo = await trainConstrained('ppo', ENV, 0, 20_000);
    expect(reload.meanCost, `ReLOAD-PPO ${JSON.stringify(reload)} vs PPO ${JSON.stringify(ppo)}`).to.be.lessThan(ppo.meanCost);
  });
});
