import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { EcrmMDP, ecrmOptimum, ecrmValue } from '../../src/envs/risk/index.js';
import { deterministicPolicy } from '../../src/envs/tabular/exact.js';
import { stochasticCliffWalking } from '../../src/envs/tabular/cliff-walking.js';
import { hitProbability } from '../../src/envs/tabular/hit-probability.js';
import { RiskAverseActorCritic, RiskAverseReinforce, trainEpisodes } from '../../src/policy-gradient/risk-averse-agents.js';

/** The safe route (top row) is 6 steps longer than the one beside the cliff. */
const MAP = ['........', '.######.', '.######.', '........', 'SCCCCCCG'];
const CLIFF = new Set([33, 34, 35, 36, 37, 38]);

describe('policy-gradient/risk-averse-agents: sample-based risk-averse REINFORCE and actor-critic', () => {
  const base = stochasticCliffWalking({ map: MAP, slip: 0.02, gamma: 0.99 });
  const averse = new EcrmMDP(base, { alpha: 0.1, lambda: 1 });
  const opts = { S: base.S, A: base.A, etaGrid: averse.eta, alpha: 0.1, lambda: 1, gamma: 0.99 };
  const falls = (e: EcrmMDP, pi: Float64Array) => hitProbability(e.mdp, pi, Array.from({ length: e.mdp.S }, (_, x) => CLIFF.has(Math.floor(x / (e.K + 1)))), 100);

  it("charges the augmented MDP's stage costs: sampled ECRM returns match the exact value of the same policy", () => {
    const small = stochasticCliffWalking({ map: ['....', '....', 'SCCG'], slip: 0.2, gamma: 0.9 });
    const e = new EcrmMDP(small, { alpha: 0.2, lambda: 0.7 });
    const agent = new RiskAverseReinforce({ S: small.S, A: small.A, etaGrid: e.eta, alpha: 0.2, lambda: 0.7, gamma: 0.9, learningRate: 1e-12, normalizeAdvantage: false, seed: 1 });
    const rng = new Rng(2);
    const returns: number[] = [];
    for (let i = 0; i < 4000; i++) {
      let obs = small.reset({ seed: rng.uint32() }).observation;
      for (let len = 1; ; len++) {
        const action = agent.act(obs);
        const r = small.step(action);
        const truncated = !r.terminated && len >= 200;
        const stats = agent.observe({ obs, action, reward: r.reward, nextObs: r.observation, terminated: r.terminated, truncated, info: r.info });
        if (r.terminated || truncated) {
          returns.push((stats as { episodeEcrmReturn: number }).episodeEcrmReturn);
          break;
        }
        obs = r.observation;
      }
    }
    const mean = returns.reduce((x, y) => x + y, 0) / returns.length;
    const sd = Math.sqrt(returns.reduce((x, y) => x + (y - mean) ** 2, 0) / returns.length);
    expect(-mean).to.be.closeTo(ecrmValue(e, agent.policyTable()), (4 * sd) / Math.sqrt(returns.length));
  });

  it('REINFORCE bootstraps a time-limit truncation with its baseline, and not a termination', () => {
    const agent = new RiskAverseReinforce({ ...opts, learningRate: 1e-12, normalizeAdvantage: false, seed: 0 });
    agent.V.fill(-50);
    const a = agent.act(32);
    // First stage: risk-neutral, stage reward = reward; then the baseline of the next augmented state, discounted.
    const truncated = agent.observe({ obs: 32, action: a, reward: -1, nextObs: 24, terminated: false, truncated: true, info: {} }) as { episodeEcrmReturn: number };
    expect(truncated.episodeEcrmReturn).to.be.closeTo(-1 + 0.99 * -50, 1e-9);
    const b = agent.act(38);
    const ended = agent.observe({ obs: 38, action: b, reward: -1, nextObs: 39, terminated: true, truncated: false, info: {} }) as { episodeEcrmReturn: number };
    // Termination: no bootstrap; the stage after it (cost 0, valued with the chosen η: λη with λ = 1) is charged.
    expect(Array.from(averse.eta, (eta) => -1 - 0.99 * eta).some((g) => Math.abs(g - ended.episodeEcrmReturn) < 1e-9)).to.equal(true);
  });

  for (const Agent of [RiskAverseReinforce, RiskAverseActorCritic]) {
    it(`${Agent.name} learns to reach the goal with a low fall probability (3 seeds, 1500 episodes)`, () => {
      for (let seed = 0; seed < 3; seed++) {
        const agent = new Agent({ ...opts, learningRate: 0.1, seed });
        const before = ecrmValue(averse, agent.policyTable());
        trainEpisodes(base, agent, { episodes: 1500, seed: 10 + seed, maxEpisodeSteps: 100 });
        expect(ecrmValue(averse, agent.policyTable())).to.be.below(0.2 * before);
        expect(falls(averse, agent.greedyPolicyTable())).to.be.below(0.05);
      }
    });
  }

  it('the risk-averse agents learn a path safer than the risk-neutral optimum (4 of 5 seeds, 1500 episodes)', () => {
    const neutral = new EcrmMDP(base, { lambda: 0 });
    const optimalFall = (e: EcrmMDP) => falls(e, deterministicPolicy(ecrmOptimum(e).policy, e.mdp.A));
    const neutralFall = optimalFall(neutral);
    // The two optima differ in path: beside the cliff (≈ 0.035) against the top corridor (≈ 0.005).
    expect(neutralFall).to.be.above(5 * optimalFall(averse));
    for (const Agent of [RiskAverseReinforce, RiskAverseActorCritic]) {
      let safer = 0;
      for (let seed = 0; seed < 5; seed++) {
        const agent = new Agent({ ...opts, learningRate: 0.1, seed });
        trainEpisodes(base, agent, { episodes: 1500, seed: 100 + seed, maxEpisodeSteps: 100 });
        if (falls(averse, agent.greedyPolicyTable()) < 0.5 * neutralFall) safer++;
      }
      expect(safer, Agent.name).to.be.at.least(4);
    }
  });

  it('saves and restores its state: the same actions after a load', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'risk-averse-'));
    try {
      const a = new RiskAverseActorCritic({ ...opts, seed: 3 });
      trainEpisodes(base, a, { episodes: 20, seed: 4, maxEpisodeSteps: 50 });
      await a.save(dir);
      const b = new RiskAverseActorCritic({ ...opts, seed: 99 });
      await b.load(dir);
      expect(Array.from(b.theta)).to.deep.equal(Array.from(a.theta));
      const seq = (x: RiskAverseActorCritic) => Array.from({ length: 20 }, (_, i) => x.act(i % base.S));
      expect(seq(b)).to.deep.equal(seq(a));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects α, λ and an empty η grid with messages naming the value', () => {
    expect(() => new RiskAverseReinforce({ ...opts, alpha: 0, seed: 0 })).to.throw(InvalidArgumentError, /alpha must be in \(0, 1\], got 0/);
    expect(() => new RiskAverseActorCritic({ ...opts, lambda: 2, seed: 0 })).to.throw(InvalidArgumentError, /lambda must be in \[0, 1\], got 2/);
    expect(() => new RiskAverseReinforce({ ...opts, etaGrid: [], seed: 0 })).to.throw(InvalidArgumentError, /etaGrid must hold at least one value/);
    expect(() => new RiskAverseReinforce({ ...opts, learningRate: 0, seed: 0 })).to.throw(InvalidArgumentError, /learningRate must be a finite number > 0, got 0/);
  });
});
