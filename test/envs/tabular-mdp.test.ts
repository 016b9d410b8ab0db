import { expect } from 'chai';
import { InvalidArgumentError, StateError } from '../../src/core/errors.js';
import { checkEnv } from '../../src/envs/env-checker.js';
import { make } from '../../src/envs/registry.js';
import {
  TabularMDP,
  cliffWalking,
  frozenLake,
  garnet,
  gridWorld,
  riverSwim,
  valueIteration,
} from '../../src/envs/tabular/index.js';

/** A valid 2-state, 2-action MDP to corrupt one entry at a time. */
function twoState() {
  return { S: 2, A: 2, P: [1, 0, 0, 1, 0, 1, 1, 0], R: [0, 1, 2, 0], gamma: 0.5 };
}

describe('TabularMDP validation', () => {
  it('accepts a valid MDP and computes R from Rsas', () => {
    const m = new TabularMDP({ S: 1, A: 1, P: [1], Rsas: [3], gamma: 0.9 });
    expect(Array.from(m.R)).to.deep.equal([3]);
  });

  it('names the (s, a) whose row does not sum to 1', () => {
    const spec = twoState();
    spec.P[6] = 0.9;
    expect(() => new TabularMDP(spec)).to.throw(InvalidArgumentError, /P\[s=1, a=1, ·\] sums to 0\.9/);
  });

  it('names the entry that is negative', () => {
    const spec = twoState();
    spec.P[2] = -0.5;
    spec.P[3] = 1.5;
    expect(() => new TabularMDP(spec)).to.throw(InvalidArgumentError, /P\[s=0, a=1, s'=0\] = -0\.5/);
  });

  it('rejects shapes that disagree, a bad gamma, a bad mu0 and a bad reward', () => {
    expect(() => new TabularMDP({ ...twoState(), P: [1, 0, 0, 1] })).to.throw(InvalidArgumentError, /P must have S·A·S = 8 entries, got 4/);
    expect(() => new TabularMDP({ ...twoState(), R: [0, 1, 2] })).to.throw(InvalidArgumentError, /R must have S·A = 4 entries, got 3/);
    expect(() => new TabularMDP({ ...twoState(), gamma: 1 })).to.throw(InvalidArgumentError, /gamma must be in \[0, 1\), got 1/);
    expect(() => new TabularMDP({ ...twoState(), mu0: [0.5, 0.6] })).to.throw(InvalidArgumentError, /mu0 sums to 1\.1/);
    expect(() => new TabularMDP({ ...twoState(), R: [0, NaN, 2, 0] })).to.throw(InvalidArgumentError, /R\[s=0, a=1\] = NaN/);
    expect(() => new TabularMDP({ ...twoState(), R: undefined })).to.throw(InvalidArgumentError, /exactly one of R/);
  });

  it('requires terminal states to be absorbing with zero reward', () => {
    expect(() => new TabularMDP({ ...twoState(), terminal: [0, 1] })).to.throw(InvalidArgumentError, /terminal state s=1 must be absorbing/);
  });
});

describe('TabularMDP as an Env', () => {
  it('is reproducible from a seed and samples next states with their probabilities', () => {
    const m = garnet({ S: 6, A: 2, branching: 3, seed: 4 });
    const run = () => {
      const out = [m.reset({ seed: 9 }).observation];
      for (let t = 0; t < 50; t++) out.push(m.step(t % 2).observation);
      return out;
    };
    expect(run()).to.deep.equal(run());
    // Evenly spread uniforms through sampleNext reproduce the row P[0, 1, ·].
    const counts = new Float64Array(6);
    const n = 20_000;
    for (let t = 0; t < n; t++) counts[m.sampleNext(0, 1, (t + 0.5) / n)]! += 1 / n;
    for (let s2 = 0; s2 < 6; s2++) expect(counts[s2]).to.be.closeTo(m.P[(0 * 2 + 1) * 6 + s2]!, 1e-3);
  });

  it('truncates at the horizon, terminates in terminal states, and refuses to step after', () => {
    const m = riverSwim({ horizon: 3 });
    m.reset({ seed: 0 });
    const flags = [m.step(1), m.step(1), m.step(1)].map((r) => [r.terminated, r.truncated]);
    expect(flags).to.deep.equal([[false, false], [false, false], [false, true]]);
    expect(() => m.step(0)).to.throw(StateError);
    const lake = frozenLake({ isSlippery: false });
    lake.reset({ seed: 0 });
    const r = lake.step(3); // up from the corner: stays, not terminal
    expect([r.observation, r.terminated]).to.deep.equal([0, false]);
    lake.step(1);
    const hole = lake.step(2); // (1,0) → (1,1) is a hole
    expect([hole.observation, hole.reward, hole.terminated]).to.deep.equal([5, 0, true]);
    expect(() => lake.step(7)).to.throw(StateError);
    lake.reset();
    expect(() => lake.step(7)).to.throw(InvalidArgumentError, /action 7 is outside Discrete\(4\)/);
  });
});

describe('tabular environments', () => {
  it('all keep the Env contract (checkEnv)', () => {
    const envs = [frozenLake(), frozenLake({ mapName: '8x8' }), cliffWalking({ slip: 0.1, horizon: 50 }), riverSwim({ horizon: 20 }), garnet({ S: 5, A: 2, branching: 2, seed: 1, horizon: 10 }), gridWorld({ slip: 0.2 })];
    for (const env of envs) expect(checkEnv(env), String(env)).to.deep.equal({ ok: true, problems: [] });
  });

  it('FrozenLake 4x4 slippery moves in the intended and each perpendicular direction w.p. 1/3', () => {
    const m = frozenLake();
    // From state 6 (row 1, col 2), action 1 (down): down to 10, left to 5, right to 7.
    const row = (6 * 4 + 1) * 16;
    for (const s2 of [10, 5, 7]) expect(m.P[row + s2]).to.be.closeTo(1 / 3, 1e-15);
    expect(valueIteration(m).V[0]).to.be.closeTo(0.542, 1e-3);
    expect(frozenLake({ mapName: '8x8' }).S).to.equal(64);
  });

  it('CliffWalking: the optimal path takes 13 steps of reward -1; the cliff costs -100 and returns to start', () => {
    const m = cliffWalking();
    const V = valueIteration(m).V;
    expect(V[36]).to.be.closeTo(-(1 - 0.99 ** 13) / 0.01, 1e-8);
    m.reset({ seed: 0 });
    const r = m.step(1);
    expect([r.observation, r.reward, r.terminated]).to.deep.equal([36, -100, false]);
    const windy = valueIteration(cliffWalking({ slip: 0.2 })).V;
    expect(windy[36]).to.be.lessThan(V[36]!);
  });

  it('GridWorld honours walls and slip; GARNET has the asked branching and is reproducible from its seed', () => {
    const g = gridWorld({ map: ['S#G'], slip: 0 });
    expect(g.P[(0 * 4 + 2) * 3 + 0]).to.equal(1); // right into the wall: stays
    const a = garnet({ S: 10, A: 3, branching: 4, seed: 7 });
    const b = garnet({ S: 10, A: 3, branching: 4, seed: 7 });
    expect(Array.from(a.P)).to.deep.equal(Array.from(b.P));
    for (let row = 0; row < 30; row++) expect(a.rowStart[row + 1]! - a.rowStart[row]!).to.equal(4);
    expect(() => garnet({ S: 3, A: 2, branching: 4, seed: 0 })).to.throw(InvalidArgumentError, /branching must be an integer in \[1, S=3\], got 4/);
  });

  it('registers FrozenLake-v1 (100 steps, map_name / is_slippery) and CliffWalking-v0', () => {
    const env = make<number, number>('FrozenLake-v1', { map_name: '8x8', is_slippery: false });
    expect(env.spec?.maxEpisodeSteps).to.equal(100);
    expect(env.observationSpace.toString()).to.equal('Discrete(64)');
    env.reset({ seed: 0 });
    let truncated = false;
    for (let t = 0; t < 100 && !truncated; t++) truncated = env.step(3).truncated;
    expect(truncated).to.equal(true);
    expect(() => make('FrozenLake-v1', { map_name: '5x5' })).to.throw(InvalidArgumentError, /map_name/);
    const cliff = make<number, number>('CliffWalking-v0', { slip: 0.1 });
    expect(cliff.reset({ seed: 1 }).observation).to.equal(36);
  });
});
