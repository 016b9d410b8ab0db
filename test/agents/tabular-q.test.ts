import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TabularQAgent, trainOnModel, type ReplayOptions } from '../../src/agents/tabular-q.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { frozenLake, garnet, maxAbsDiff, valueIteration } from '../../src/envs/tabular/index.js';

const SEEDS = [1, 2, 3, 4, 5];

function trained(seed: number, steps: number, replay?: ReplayOptions, epsilon = 1): TabularQAgent {
  const m = garnet({ S: 5, A: 2, branching: 2, seed: 1, gamma: 0.7 });
  const agent = new TabularQAgent({ S: 5, A: 2, gamma: 0.7, epsilon, seed, stepSize: { kind: 'polynomial', omega: 0.7 }, ...(replay ? { replay } : {}) });
  trainOnModel(agent, m, { steps, rng: new Rng(100 + seed) });
  return agent;
}

describe('tabular Q-learning with experience replay', () => {
  const Qstar = valueIteration(garnet({ S: 5, A: 2, branching: 2, seed: 1, gamma: 0.7 })).Q;

  it('converges to Q* within 0.05 on GARNET(5, 2, 2), with and without replay, for every fixed seed', () => {
    for (const replay of [undefined, { every: 1, updates: 1 }, { every: 10, updates: 10 }]) {
      for (const seed of SEEDS) {
        const agent = trained(seed, 30_000, replay);
        expect(maxAbsDiff(agent.Q, Qstar), `replay ${JSON.stringify(replay)} seed ${seed}`).to.be.below(0.05);
        if (replay) expect(agent.replayUpdates).to.equal((30_000 / replay.every) * replay.updates);
      }
    }
  });

  it('replay with zero updates is bit-identical to plain Q-learning', () => {
    for (const epsilon of [1, 0.2]) {
      const plain = trained(7, 5_000, undefined, epsilon);
      const zero = trained(7, 5_000, { every: 3, updates: 0 }, epsilon);
      expect(Buffer.from(zero.Q.buffer).equals(Buffer.from(plain.Q.buffer))).to.equal(true);
      expect(Buffer.from(zero.counts.buffer).equals(Buffer.from(plain.counts.buffer))).to.equal(true);
      expect(zero.replayUpdates).to.equal(0);
      // Replay that does update changes the result, so the comparison above can fail.
      expect(maxAbsDiff(trained(7, 5_000, { every: 3, updates: 1 }, epsilon).Q, plain.Q)).to.be.above(0);
    }
  });

  it('keeps greedy actions and row maxima right, and acts ε-greedily', () => {
    const agent = new TabularQAgent({ S: 2, A: 3, gamma: 0.5, epsilon: 0.3, seed: 0, stepSize: { kind: 'constant', alpha: 1 } });
    agent.update(0, 2, 1, 1, true);
    agent.update(0, 1, 1, 1, true);
    expect([agent.greedy(0), agent.maxQ(0)]).to.deep.equal([1, 1]);
    agent.update(0, 1, -1, 1, true);
    expect([agent.greedy(0), agent.maxQ(0)]).to.deep.equal([2, 1]);
    expect(agent.act(0, { explore: false })).to.equal(2);
    agent.setQ(0, 0, 5);
    expect([agent.greedy(0), agent.maxQ(0)]).to.deep.equal([0, 5]);
    agent.setQ(0, 0, 0);
    const n = 30_000;
    let other = 0;
    for (let i = 0; i < n; i++) if (agent.act(0) !== 2) other++;
    expect(other / n).to.be.closeTo(0.3 * (2 / 3), 0.01);
    expect(() => new TabularQAgent({ S: 2, A: 2, gamma: 0.9, seed: 0, replay: { every: 0, updates: 1 } })).to.throw(InvalidArgumentError, /replay\.every must be an integer >= 1, got 0/);
    expect(() => new TabularQAgent({ S: 2, A: 2, gamma: 0.9, seed: 0, stepSize: { kind: 'polynomial', omega: 1.5 } })).to.throw(InvalidArgumentError, /omega must be in \(0, 1\], got 1\.5/);
  });

  it('continues exactly after save and load (Q, counts, random streams and buffer)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tabular-q-'));
    try {
      const m = garnet({ S: 6, A: 3, branching: 3, seed: 2 });
      const make = () => new TabularQAgent({ S: 6, A: 3, gamma: 0.9, epsilon: 0.5, seed: 4, replay: { every: 2, updates: 3, capacity: 500 } });
      const a = make();
      const rng = new Rng(1);
      trainOnModel(a, m, { steps: 1_000, rng });
      await a.save(dir);
      const b = make();
      await b.load(dir);
      const rngB = Rng.fromState(rng.getState());
      trainOnModel(a, m, { steps: 1_000, rng });
      trainOnModel(b, m, { steps: 1_000, rng: rngB });
      expect(Array.from(b.Q)).to.deep.equal(Array.from(a.Q));
      expect(b.onlineSteps).to.equal(2_000);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('learns FrozenLake (not slippery) through the Env and Agent interface', () => {
    const env = frozenLake({ isSlippery: false, gamma: 0.9, horizon: 100 });
    const agent = new TabularQAgent({ S: 16, A: 4, gamma: 0.9, epsilon: 1, seed: 3, stepSize: { kind: 'constant', alpha: 0.5 }, replay: { every: 1, updates: 4 } });
    let obs = env.reset({ seed: 3 }).observation;
    for (let t = 0; t < 20_000; t++) {
      const action = agent.act(obs);
      const r = env.step(action);
      agent.observe({ obs, action, reward: r.reward, nextObs: r.observation, terminated: r.terminated, truncated: r.truncated, info: r.info });
      obs = r.terminated || r.truncated ? env.reset().observation : r.observation;
    }
    expect(maxAbsDiff(agent.Q, valueIteration(env).Q)).to.be.below(0.05);
  });
});
