import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DqnConfig } from '../../src/agents/dqn-config.js';
import { Dqn } from '../../src/agents/dqn.js';
import { initBackend } from '../../src/core/backend.js';

/** A corridor of `length` cells, one-hot observations; action 1 moves right, 0 left; reward 1 at the right end. */
class Corridor {
  cell = 0;
  steps = 0;
  constructor(
    readonly length = 5,
    readonly timeLimit = 20,
  ) {}
  obs(): Float32Array {
    const o = new Float32Array(this.length);
    o[this.cell] = 1;
    return o;
  }
  reset(): Float32Array {
    this.cell = 0;
    this.steps = 0;
    return this.obs();
  }
  step(action: number): { obs: Float32Array; reward: number; terminated: boolean; truncated: boolean } {
    this.cell = Math.max(0, Math.min(this.length - 1, this.cell + (action === 1 ? 1 : -1)));
    this.steps++;
    const terminated = this.cell === this.length - 1;
    return { obs: this.obs(), reward: terminated ? 1 : 0, terminated, truncated: !terminated && this.steps >= this.timeLimit };
  }
}

/** Runs `steps` training steps of `agent` on `env` from `obs`; returns the last observation and a trace of actions and losses. */
async function train(agent: Dqn, env: Corridor, obs: Float32Array, steps: number): Promise<{ obs: Float32Array; trace: number[] }> {
  const trace: number[] = [];
  for (let t = 0; t < steps; t++) {
    const action = agent.act(obs);
    const r = env.step(action);
    const stats = await agent.observe({ obs, action, reward: r.reward, nextObs: r.obs, terminated: r.terminated, truncated: r.truncated, info: {} });
    trace.push(action, stats.loss ?? -1, stats.epsilon ?? -1);
    obs = r.terminated || r.truncated ? env.reset() : r.obs;
  }
  return { obs, trace };
}

/** Steps the greedy policy from the start needs to reach the goal (Infinity if it does not within the limit). */
function greedySteps(agent: Dqn, env: Corridor): number {
  let obs = env.reset();
  for (let t = 1; t <= env.timeLimit; t++) {
    const r = env.step(agent.act(obs, { explore: false }));
    if (r.terminated) return t;
    obs = r.obs;
  }
  return Infinity;
}

const SMALL: Partial<DqnConfig> = {
  netArch: [16],
  learningRate: 1e-2,
  batchSize: 32,
  gamma: 0.9,
  learningStarts: 100,
  trainFreq: 2,
  gradientSteps: 1,
  targetUpdateInterval: 50,
  explorationFraction: 0.5,
  totalTimesteps: 600,
};

describe('Dqn', function () {
  this.timeout(60_000);
  before(async () => {
    await initBackend();
  });

  it('learns the shortest path in a 5-cell corridor for at least 4 of 5 seeds', async () => {
    let solved = 0;
    for (let seed = 0; seed < 5; seed++) {
      const agent = new Dqn(5, 2, SMALL, seed);
      const env = new Corridor();
      await train(agent, env, env.reset(), 600);
      if (greedySteps(agent, env) === 4) solved++;
      agent.dispose();
    }
    expect(solved).to.be.at.least(4);
  });

  for (const variant of [
    { name: 'prioritized, 2-step, Double DQN, Polyak', config: { replay: 'prioritized', nStep: 2, doubleDqn: true, tau: 0.5, targetUpdateInterval: 4 } },
    { name: 'tensor-resident buffer, MSE', config: { replay: 'tensor', loss: 'mse' } },
  ] as const) {
    it(`continues identically after save and load (${variant.name})`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'dqn-'));
      try {
        const config = { ...SMALL, ...variant.config };
        const a = new Dqn(5, 2, config, 11);
        const envA = new Corridor();
        const first = await train(a, envA, envA.reset(), 300);
        await a.save(dir);
        const b = new Dqn(5, 2, config, 999);
        await b.load(dir);
        const envB = new Corridor();
        envB.cell = envA.cell;
        envB.steps = envA.steps;
        const contA = await train(a, envA, first.obs, 200);
        const contB = await train(b, envB, first.obs.slice(), 200);
        const firstDiff = contA.trace.findIndex((v, i) => v !== contB.trace[i]);
        expect(firstDiff, `first difference at ${firstDiff}: ${contA.trace.slice(firstDiff - 3, firstDiff + 3)} vs ${contB.trace.slice(firstDiff - 3, firstDiff + 3)}`).to.equal(-1);
        expect(Array.from(b.q.params.dataSync())).to.deep.equal(Array.from(a.q.params.dataSync()));
        expect(Array.from(b.qTarget.params.dataSync())).to.deep.equal(Array.from(a.qTarget.params.dataSync()));
        a.dispose();
        b.dispose();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }

  it('keeps tf.memory().numTensors flat over 20k training steps, batched acting included', async () => {
    const agent = new Dqn(5, 2, { ...SMALL, netArch: [8], batchSize: 8, trainFreq: 10, replay: 'prioritized', nStep: 3, doubleDqn: true, targetUpdateInterval: 100, totalTimesteps: 20_000 }, 3);
    const envs = [new Corridor(), new Corridor()];
    let obs = new Float32Array(10);
    obs.set(envs[0]!.reset(), 0);
    obs.set(envs[1]!.reset(), 5);
    let baseline = -1;
    for (let t = 0; t < 10_000; t++) {
      const actions = agent.actBatch(obs, 2);
      const next = new Float32Array(10);
      const rewards = new Float64Array(2);
      const terminated = new Uint8Array(2);
      const truncated = new Uint8Array(2);
      const after = new Float32Array(10);
      envs.forEach((env, i) => {
        const r = env.step(actions[i] as number);
        next.set(r.obs, 5 * i);
        rewards[i] = r.reward;
        terminated[i] = r.terminated ? 1 : 0;
        truncated[i] = r.truncated ? 1 : 0;
        after.set(r.terminated || r.truncated ? env.reset() : r.obs, 5 * i);
      });
      await agent.observeBatch({ n: 2, obs, actions, rewards, nextObs: next, terminated, truncated, valid: Uint8Array.from([1, 1]), infos: [{}, {}] });
      obs = after;
      if (t === 1000) baseline = tf.memory().numTensors;
    }
    expect(agent.timesteps).to.equal(20_000);
    expect(tf.memory().numTensors).to.equal(baseline);
    agent.dispose();
  });
});
