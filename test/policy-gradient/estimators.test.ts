import { expect } from 'chai';
import { gpomdpWeights, reinforceWeights, RunningMeanBaseline, scoreFunctionGradient, standardize } from '../../src/policy-gradient/estimators.js';
import { gae } from '../../src/policy-gradient/gae.js';
import { discountedReturns, episodeReturns, stepsInEpisode } from '../../src/policy-gradient/returns.js';
import { TabularSoftmaxPolicy } from '../../src/policy-gradient/tabular-policy.js';
import { InvalidArgumentError } from '../../src/core/errors.js';

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-12) => {
  expect(a.length).to.equal(b.length);
  for (let i = 0; i < a.length; i++) expect(a[i]).to.be.closeTo(b[i] as number, tol);
};

describe('policy-gradient returns and estimators', () => {
  it('computes discounted return-to-go restarting at episode ends', () => {
    // Episode 1: r = 1, 2 (γ = 0.5): G = 1 + 0.5·2 = 2, 2. Episode 2: r = 4: G = 4.
    close(discountedReturns([1, 2, 4], [0, 1, 1], 0.5), [2, 2, 4]);
    close(discountedReturns([1, 1], [0, 0], 0.5, 10), [1 + 0.5 * (1 + 0.5 * 10), 1 + 0.5 * 10]);
    expect(episodeReturns([1, 2, 4], [0, 1, 1], 0.5)).to.deep.equal([2, 4]);
    expect(Array.from(stepsInEpisode([0, 1, 0, 0, 1]))).to.deep.equal([0, 1, 0, 1, 2]);
    expect(() => discountedReturns([1], [1], 1.5)).to.throw(InvalidArgumentError, /gamma/);
  });

  it('gives GAE equal to the direct sum Σ (γλ)^l δ_{t+l} within each episode', () => {
    const rewards = [1, 0.5, -1, 2, 0, 3, 1];
    const values = [0.3, -0.2, 0.7, 1.1, 0.4, -0.5, 0.9];
    const nextValues = [-0.2, 0.7, 1.1, 9.9, -0.5, 0.9, 0.6];
    const terminated = [0, 0, 0, 1, 0, 0, 0];
    const ends = [0, 0, 0, 1, 0, 0, 0];
    const gamma = 0.9;
    const lambda = 0.8;
    const { advantages, returns } = gae({ rewards, values, nextValues, terminated, ends }, gamma, lambda);
    const delta = rewards.map((r, t) => r + (terminated[t] ? 0 : gamma * (nextValues[t] as number)) - (values[t] as number));
    const direct = rewards.map((_, t) => {
      let s = 0;
      for (let l = 0; t + l < rewards.length; l++) {
        s += (gamma * lambda) ** l * (delta[t + l] as number);
        if (ends[t + l]) break;
      }
      return s;
    });
    close(advantages, direct, 1e-12);
    close(returns, direct.map((a, t) => a + (values[t] as number)), 1e-12);
  });

  it('bootstraps a time-limit cut from the value of its real next state', () => {
    // Truncated (end, not terminated): δ = r + γV(s') − V(s) with V(s') = 5.
    const { advantages } = gae({ rewards: [1], values: [0], nextValues: [5], terminated: [0], ends: [1] }, 0.5, 0.9);
    expect(advantages[0]).to.equal(3.5);
  });

  it('matches the hand-computed REINFORCE and GPOMDP estimates on a two-step episode', () => {
    // One state, two actions, θ = 0 so π = (½, ½). Actions 0 then 1, rewards 1 then 2, γ = ½.
    const pi = new TabularSoftmaxPolicy(1, 2);
    const scores = Float64Array.from([...pi.score(0, 0), ...pi.score(0, 1)]);
    close(scores, [0.5, -0.5, -0.5, 0.5]);
    const rewards = [1, 2];
    const ends = [0, 1];
    // REINFORCE: R(τ) = 1 + ½·2 = 2 on both steps, so ĝ = 2·(s0 + s1) = 0.
    const wR = reinforceWeights(rewards, ends, 0.5);
    close(wR, [2, 2]);
    close(scoreFunctionGradient(scores, wR, 2, 1), [0, 0]);
    // GPOMDP: w0 = G0 = 2, w1 = ½·G1 = 1, so ĝ = 2·s0 + 1·s1 = (½, −½).
    const wG = gpomdpWeights(rewards, ends, 0.5);
    close(wG, [2, 1]);
    close(scoreFunctionGradient(scores, wG, 2, 1), [0.5, -0.5]);
    // A baseline b = 1 on both steps: w = (2 − 1, ½·(2 − 1)).
    close(gpomdpWeights(rewards, ends, 0.5, [1, 1]), [1, 0.5]);
    expect(() => gpomdpWeights([1], [0], 0.5)).to.throw(InvalidArgumentError, /complete episodes/);
  });

  it('keeps a running-mean baseline and standardizes weights', () => {
    const b = new RunningMeanBaseline(0.5);
    expect(b.value).to.equal(0);
    b.update([2, 4]);
    expect(b.value).to.equal(3);
    b.update([5]);
    expect(b.value).to.equal(4);
    // Restored from a baseline that saw nothing, the first batch still sets the mean outright.
    const fresh = new RunningMeanBaseline(0.5);
    fresh.setState(JSON.parse(JSON.stringify(new RunningMeanBaseline(0.5).getState())));
    fresh.update([6]);
    expect(fresh.value).to.equal(6);
    const copy = new RunningMeanBaseline(0.5);
    copy.setState(b.getState());
    copy.update([6]);
    b.update([6]);
    expect(copy.value).to.equal(b.value);
    const z = standardize(Float64Array.from([1, 2, 3]));
    expect(z.reduce((s, x) => s + x, 0)).to.be.closeTo(0, 1e-12);
    expect(z[2]).to.be.closeTo(Math.sqrt(1.5), 1e-6);
  });
});
