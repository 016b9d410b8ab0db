import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import { initBackend } from '../../src/core/backend.js';
import type { Env } from '../../src/core/env.js';
import { Rng } from '../../src/core/rng.js';
import { make } from '../../src/envs/registry.js';
import { makeVec } from '../../src/envs/vector/make-vec.js';
import { ActorCritic } from '../../src/policy-gradient/actor-critic.js';
import { AdamRule } from '../../src/policy-gradient/ascent-rule.js';
import { getFlat } from '../../src/policy-gradient/params.js';
import { PolicyGradientAgent } from '../../src/policy-gradient/pg-agent.js';
import { createPgAgent, PG_ALGORITHMS, resolvePgConfig } from '../../src/policy-gradient/pg-algorithms.js';
import { PolyakTwinAgent } from '../../src/policy-gradient/polyak-twin-agent.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { interact } from '../../src/runner/interact.js';
import { rollout } from '../../src/runner/rollout.js';

type CartPole = Env<Float32Array, number | Float32Array>;

const reinforce = (env: CartPole, seed: number) =>
  new PolicyGradientAgent(env.observationSpace, env.actionSpace, new Rng(seed), {
    rule: new AdamRule(0.01),
    estimator: 'return-to-go',
    baseline: 'value',
    standardizeWeights: true,
    batchSteps: 1000,
    valueLearningRate: 3e-3,
  });

const run = (env: CartPole, agent: PolicyGradientAgent | ActorCritic, seed: number, steps: number) =>
  lastValueFrom(interact(env, agent, { seed, steps }), { defaultValue: undefined });

describe('policy-gradient agents', function () {
  this.timeout(120_000);
  before(async () => {
    await initBackend();
  });

  it('REINFORCE with a value baseline reaches a greedy mean return ≥ 195 on CartPole within 20k steps for ≥ 4 of 5 seeds', async () => {
    const reached: boolean[] = [];
    for (let seed = 0; seed < 5; seed++) {
      const env = make('CartPole-v1') as CartPole;
      const agent = reinforce(env, seed);
      let ok = false;
      for (let chunk = 1; chunk <= 4 && !ok; chunk++) {
        await run(env, agent, seed * 100 + chunk, 5000);
        const ev = rollout(env, agent, { episodes: 10, seed: 7 });
        ok = ev.returns.reduce((a, b) => a + b, 0) / 10 >= 195;
      }
      reached.push(ok);
      agent.dispose();
    }
    expect(reached.filter(Boolean).length, `seeds reaching 195: ${reached}`).to.be.at.least(4);
  });

  it('keeps the tensor count flat across updates and restores a checkpoint exactly', async () => {
    const env = make('CartPole-v1') as CartPole;
    const agent = reinforce(env, 11);
    await run(env, agent, 1, 1500);
    const tensors = tf.memory().numTensors;
    await run(env, agent, 2, 3000);
    expect(agent.updates).to.be.at.least(3);
    expect(tf.memory().numTensors).to.equal(tensors);
    const dir = await mkdtemp(join(tmpdir(), 'pg-'));
    try {
      await agent.save(dir);
      const copy = reinforce(env, 99);
      await copy.load(dir);
      expect(Array.from(await getFlat(copy.policy.variables))).to.deep.equal(Array.from(await getFlat(agent.policy.variables)));
      const obs = Float32Array.of(0.01, -0.02, 0.03, 0.04);
      expect(Array.from({ length: 10 }, () => copy.act(obs))).to.deep.equal(Array.from({ length: 10 }, () => agent.act(obs)));
      copy.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    agent.dispose();
  });

  it('actor-critic (A2C and PPO) learns on vector envs, deterministically, with a flat tensor count', async () => {
    const build = (seed: number, ppo: boolean) => {
      const venv = makeVec('CartPole-v1', 4);
      const agent = new ActorCritic(venv.singleObservationSpace, venv.singleActionSpace, new Rng(seed), {
        nSteps: 16,
        learningRate: 1e-3,
        ...(ppo ? { ppo: { nEpochs: 4, batchSize: 32, clipRangeVf: 0.2 }, gaeLambda: 0.9 } : {}),
      });
      return { venv, agent };
    };
    for (const ppo of [false, true]) {
      const a = build(3, ppo);
      await lastValueFrom(interact(a.venv, a.agent, { seed: 1, steps: 256 }));
      const tensors = tf.memory().numTensors;
      await lastValueFrom(interact(a.venv, a.agent, { seed: 2, steps: 512 }));
      expect(tf.memory().numTensors, ppo ? 'ppo' : 'a2c').to.equal(tensors);
      expect(a.agent.updates).to.be.at.least(10);
      const b = build(3, ppo);
      await lastValueFrom(interact(b.venv, b.agent, { seed: 1, steps: 256 }));
      await lastValueFrom(interact(b.venv, b.agent, { seed: 2, steps: 512 }));
      expect(Array.from(await getFlat(b.agent.policy.variables))).to.deep.equal(Array.from(await getFlat(a.agent.policy.variables)));
      a.agent.dispose();
      b.agent.dispose();
    }
  });

  it('builds every table algorithm, rejects bad hyperparameters by name, and round-trips PPO and Polyak twins', async () => {
    expect(() => resolvePgConfig('ppo', { clipRange: -1 })).to.throw(InvalidArgumentError, /clipRange is -1; it must be a number in \[0, 10\]/);
    expect(() => resolvePgConfig('reinforce', { lrr: 1 })).to.throw(InvalidArgumentError, /unknown hyperparameter "lrr"; allowed: .*learningRate/);
    // Old names still read, under the SB3-style ones.
    expect(resolvePgConfig('ppo', { lr: 1e-3, linearLr: true, hidden: [8] })).to.include({ learningRate: 1e-3, learningRateSchedule: 'linear' });
    expect(resolvePgConfig('ppo', { epochs: 3, minibatchSize: 16, clip: 0.1, linearClip: true, clipValue: 0.5 })).to.include({ nEpochs: 3, batchSize: 16, clipRange: 0.1, clipRangeSchedule: 'linear', clipRangeVf: 0.5 });
    expect(resolvePgConfig('reinforce', { valueLr: 1e-2, entropyCoef: 0.1 })).to.include({ valueLearningRate: 1e-2, entCoef: 0.1 });
    expect(() => resolvePgConfig('ppo', { lr: 1e-3, learningRate: 2e-3 })).to.throw(InvalidArgumentError, /lr \(the old name of learningRate\) is 0.001 but learningRate is 0.002/);
    const env = make('CartPole-v1') as CartPole;
    const dir = await mkdtemp(join(tmpdir(), 'pg-'));
    try {
      for (const algo of PG_ALGORITHMS) {
        const agent = createPgAgent(algo, env.observationSpace, env.actionSpace, { netArch: [8] }, 5);
        await run(env, agent as PolicyGradientAgent, 1, 2500);
        await agent.save(join(dir, algo));
        const copy = createPgAgent(algo, env.observationSpace, env.actionSpace, { netArch: [8] }, 6);
        await copy.load(join(dir, algo));
        const obs = Float32Array.of(0.01, -0.02, 0.03, 0.04);
        const acts = (a: typeof agent) => Array.from({ length: 8 }, () => a.act(obs, { explore: true }));
        expect(acts(copy), algo).to.deep.equal(acts(agent));
        if (algo === 'polyak-pg') expect((copy as PolyakTwinAgent).estimate.bestSeen).to.equal((agent as PolyakTwinAgent).estimate.bestSeen);
        (agent as { dispose(): void }).dispose();
        (copy as { dispose(): void }).dispose();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
