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
import { exactEcrmPg } from '../../src/policy-gradient/ecrm-pg.js';
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

  it('the risk-averse agents learn a path safer than the risk-neutral optimum, both parameterisations (4 of 5 seeds, 1500 episodes)', () => {
    const neutral = new EcrmMDP(base, { lambda: 0 });
    const optimalFall = (e: EcrmMDP) => falls(e, deterministicPolicy(ecrmOptimum(e).policy, e.mdp.A));
    const neutralFall = optimalFall(neutral);
    // The two optima differ in path: beside the cliff (≈ 0.035) against the top corridor (≈ 0.005).
    expect(neutralFall).to.be.above(5 * optimalFall(averse));
    for (const parameterisation of ['softmax', 'direct'] as const) {
      for (const Agent of [RiskAverseReinforce, RiskAverseActorCritic]) {
        let safer = 0;
        for (let seed = 0; seed < 5; seed++) {
          // Each parameterisation's default lr (0.1 softmax, 0.01 direct).
          const agent = new Agent({ ...opts, parameterisation, seed });
          trainEpisodes(base, agent, { episodes: 1500, seed: 100 + seed, maxEpisodeSteps: 100 });
          if (falls(averse, agent.greedyPolicyTable()) < 0.5 * neutralFall) safer++;
        }
        expect(safer, `${Agent.name} ${parameterisation}`).to.be.at.least(4);
      }
    }
  });

  // On MAP the risk-neutral agents stop on the corridor too: from the agents' start S, the optimum beside the cliff is out
  // of reach even for exact projected PG at the step that reaches it from an exploratory ρ (the gradient at the
  // cliff-side cells is weighted by their small visitation once the corridor is chosen). The shortcut map below is where
  // the two objectives part.
  it('exact direct PG (step 1) on the risk-neutral objective stalls on the corridor from ρ = μ0 and reaches the optimum from ρ uniform (30 iterations)', () => {
    const neutral = new EcrmMDP(base, { lambda: 0 });
    const fromStart = exactEcrmPg(neutral, { parameterisation: 'direct', iterations: 30, stepSize: 1, rho: 'mu0' });
    const exploratory = exactEcrmPg(neutral, { parameterisation: 'direct', iterations: 30, stepSize: 1, rho: 'uniform' });
    expect(exploratory.gaps[30]).to.be.below(0.01);
    expect(fromStart.gaps[30]).to.be.above(2);
    expect(falls(neutral, fromStart.policy)).to.be.below(0.01);
    expect(falls(neutral, exploratory.policy)).to.be.above(0.03);
  });

  it('direct parameterisation: the sampled score step e_u/π(u|x), projected onto the simplex (hand-computed)', () => {
    // One state, three actions, η grid {0}: the first stage is risk-neutral and the stage after termination costs 0,
    // so the TD error is the reward, and the step on π(u) is lr·reward/π(u).
    const one = { S: 1, A: 3, etaGrid: [0], lambda: 0, learningRate: 0.1, normalizeAdvantage: false, parameterisation: 'direct' as const };
    const row = (a: RiskAverseActorCritic) => Array.from(a.policyTable().subarray(3, 6));
    const agent = new RiskAverseActorCritic({ ...one, seed: 0 });
    expect(row(agent)).to.deep.equal([1 / 3, 1 / 3, 1 / 3]);
    const u = agent.act(0);
    agent.observe({ obs: 0, action: u, reward: 1, nextObs: 0, terminated: true, truncated: false, info: {} });
    // π(u) + 0.1/(1/3) = 0.6333…; the projection subtracts τ = 0.1 from every entry.
    const after = row(agent);
    after.forEach((p, b) => expect(p).to.be.closeTo(b === u ? 0.6333333333 - 0.1 : 1 / 3 - 0.1, 1e-9));
    // A large step lands on the vertex exactly; a negative one then gives mass back to the actions at 0.
    const big = new RiskAverseActorCritic({ ...one, seed: 1 });
    const v = big.act(0);
    big.observe({ obs: 0, action: v, reward: 10, nextObs: 0, terminated: true, truncated: false, info: {} });
    expect(row(big)).to.deep.equal([0, 1, 2].map((b) => (b === v ? 1 : 0)));
    expect(big.act(0)).to.equal(v);
    // The critic has learned V = 0.1·10 = 1, so the TD error is −2 − 1 = −3: π(v) = 1 − 0.3, then τ = −0.1.
    big.observe({ obs: 0, action: v, reward: -2, nextObs: 0, terminated: true, truncated: false, info: {} });
    row(big).forEach((p, b) => expect(p).to.be.closeTo(b === v ? 0.8 : 0.1, 1e-12));
  });

  for (const parameterisation of ['softmax', 'direct'] as const) {
    it(`saves and restores its state (${parameterisation}): the same parameters and actions after a load`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'risk-averse-'));
      try {
        const a = new RiskAverseActorCritic({ ...opts, parameterisation, seed: 3 });
        trainEpisodes(base, a, { episodes: 20, seed: 4, maxEpisodeSteps: 50 });
        await a.save(dir);
        const b = new RiskAverseActorCritic({ ...opts, parameterisation, seed: 99 });
        await b.load(dir);
        expect(Array.from(b.theta)).to.deep.equal(Array.from(a.theta));
        expect(Array.from(b.V)).to.deep.equal(Array.from(a.V));
        const seq = (x: RiskAverseActorCritic) => Array.from({ length: 20 }, (_, i) => x.act(i % base.S));
        expect(seq(b)).to.deep.equal(seq(a));
        // Training on from the restored state matches training on from the saved one, bit for bit.
        trainEpisodes(base, a, { episodes: 10, seed: 5, maxEpisodeSteps: 50 });
        trainEpisodes(base, b, { episodes: 10, seed: 5, maxEpisodeSteps: 50 });
        expect(Array.from(b.theta)).to.deep.equal(Array.from(a.theta));
        const other = new RiskAverseActorCritic({ ...opts, parameterisation: parameterisation === 'direct' ? 'softmax' : 'direct', seed: 0 });
        await other.load(dir).then(
          () => expect.fail('loaded a checkpoint of the other parameterisation'),
          (e: unknown) => expect(String(e)).to.match(new RegExp(`holds a ${parameterisation} policy`)),
        );
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }

  it('rejects α, λ and an empty η grid with messages naming the value', () => {
    expect(() => new RiskAverseReinforce({ ...opts, alpha: 0, seed: 0 })).to.throw(InvalidArgumentError, /alpha must be in \(0, 1\], got 0/);
    expect(() => new RiskAverseActorCritic({ ...opts, lambda: 2, seed: 0 })).to.throw(InvalidArgumentError, /lambda must be in \[0, 1\], got 2/);
    expect(() => new RiskAverseReinforce({ ...opts, etaGrid: [], seed: 0 })).to.throw(InvalidArgumentError, /etaGrid must hold at least one value/);
    expect(() => new RiskAverseReinforce({ ...opts, learningRate: 0, seed: 0 })).to.throw(InvalidArgumentError, /learningRate must be a finite number > 0, got 0/);
    const bad = 'natural' as unknown as 'direct';
    expect(() => new RiskAverseActorCritic({ ...opts, parameterisation: bad, seed: 0 })).to.throw(InvalidArgumentError, /parameterisation must be one of 'softmax', 'direct', got "natural"/);
  });
});

describe('policy-gradient/risk-averse-agents: risk-averse against risk-neutral on a cliff shortcut', () => {
  // The short route (row 5) passes above one cliff cell (C); the walled detour over the top is 10 steps longer. With one
  // risky cell, a risk-neutral learner's own early exploration does not push it off the short route (as a whole cliff
  // edge does), so the objectives, not the exploration, decide the route.
  const SHORTCUT = ['.........', '.#######.', '.#######.', '.#######.', '.#######.', '.........', 'S###C###G'];
  const base = stochasticCliffWalking({ map: SHORTCUT, slip: 0.08, gamma: 0.99 });
  const averse = new EcrmMDP(base, { alpha: 0.1, lambda: 1 });
  const neutral = new EcrmMDP(base, { lambda: 0 });
  const cliffCell = 6 * 9 + 4;
  const falls = (pi: Float64Array) => hitProbability(averse.mdp, pi, Array.from({ length: averse.mdp.S }, (_, x) => Math.floor(x / (averse.K + 1)) === cliffCell), 100);

  it('the risk-averse actor-critic (direct) learns a safer path than the risk-neutral one (4 of 5 seeds, 1500 episodes)', () => {
    // The optima part: the risk-neutral one takes the shortcut (falls ≈ 0.02), the risk-averse one the detour (never).
    expect(falls(deterministicPolicy(ecrmOptimum(neutral).policy, neutral.mdp.A))).to.be.above(0.02);
    expect(falls(deterministicPolicy(ecrmOptimum(averse).policy, averse.mdp.A))).to.be.below(1e-6);
    const averseOptimum = ecrmOptimum(averse).value;
    let safer = 0;
    let neutralShortcut = 0;
    for (let seed = 0; seed < 5; seed++) {
      const [neutralRun, averseRun] = [0, 1].map((lambda) => {
        const agent = new RiskAverseActorCritic({ S: base.S, A: base.A, etaGrid: averse.eta, alpha: 0.1, lambda, gamma: 0.99, parameterisation: 'direct', seed });
        trainEpisodes(base, agent, { episodes: 1500, seed: 100 + seed, maxEpisodeSteps: 100 });
        return { fall: falls(agent.greedyPolicyTable()), gap: ecrmValue(averse, agent.greedyPolicyTable()) - averseOptimum };
      }) as [{ fall: number; gap: number }, { fall: number; gap: number }];
      if (neutralRun.fall > 0.01) neutralShortcut++;
      // Lower by more than 10% (two policies on one route differ in the 4th decimal), on a path that reaches the goal
      // (a policy stuck at S never falls; it costs ≈ 80 above the optimum).
      if (averseRun.fall < 0.9 * neutralRun.fall && averseRun.gap < 20) safer++;
    }
    expect(neutralShortcut, 'risk-neutral runs on the shortcut').to.be.at.least(4);
    expect(safer, 'risk-averse runs safer than the risk-neutral run of the same seed').to.be.at.least(4);
  });
});
