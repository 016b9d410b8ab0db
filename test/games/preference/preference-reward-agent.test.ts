import { expect } from 'chai';
import type { Agent, Transition } from '../../../src/core/agent.js';
import { InvalidArgumentError } from '../../../src/core/errors.js';
import { Rng } from '../../../src/core/rng.js';
import {
  PreferenceRewardAgent,
  RewardModelRewarder,
  type Trajectory,
  fitLinearBradleyTerry,
  noisyPreference,
  spoRewarder,
} from '../../../src/games/preference/index.js';

/** An inner agent that records what it is shown. */
class Recorder implements Agent<number, number> {
  seen: Transition<number, number>[] = [];
  act(): number {
    return 0;
  }
  observe(t: Transition<number, number>): void {
    this.seen.push(t);
  }
  async save(): Promise<void> {}
  async load(): Promise<void> {}
}

const step = (obs: number, end: boolean): Transition<number, number> => ({ obs, action: 0, reward: 1, nextObs: obs + 1, terminated: end, truncated: false, info: {} });

/** Feeds episodes of the given lengths; observation k of an episode is k. */
function feed(agent: PreferenceRewardAgent<number, number>, lengths: number[]): void {
  for (const n of lengths) for (let k = 0; k < n; k++) agent.observe(step(k, k === n - 1));
}

describe('games/preference: SPO and reward-model agents', () => {
  const byLength = noisyPreference((tr: Trajectory<number, number>) => tr.observations.length);

  it('SPO holds a group back, then shows the inner agent each episode with its win rate at the last step', () => {
    const inner = new Recorder();
    const agent = new PreferenceRewardAgent(inner, spoRewarder(byLength), { groupEpisodes: 3 });
    feed(agent, [1, 2]);
    expect(inner.seen).to.have.length(0);
    feed(agent, [3]);
    expect(inner.seen).to.have.length(6);
    const s = (x: number) => 1 / (1 + Math.exp(-x));
    // Lengths 1, 2, 3 under σ(Δlength): r = ½[σ(−1) + σ(−2)], ½[σ(1) + σ(−1)], ½[σ(2) + σ(1)] at each last step.
    const rewards = inner.seen.map((t) => t.reward);
    const expected = [0.5 * (s(-1) + s(-2)), 0, 0.5, 0, 0, 0.5 * (s(2) + s(1))];
    expected.forEach((e, i) => expect(rewards[i]).to.be.closeTo(e, 1e-12));
    expect(agent.groups).to.equal(1);
  });

  it('a group also waits for groupSteps, and spread placement splits the reward over the steps', () => {
    const inner = new Recorder();
    const agent = new PreferenceRewardAgent(inner, spoRewarder(byLength, 'spread'), { groupEpisodes: 2, groupSteps: 6 });
    feed(agent, [2, 2]);
    expect(inner.seen).to.have.length(0);
    feed(agent, [2]);
    expect(inner.seen).to.have.length(6);
    // Three equal lengths: win rate ½ each, ¼ per step.
    expect(inner.seen.map((t) => t.reward)).to.deep.equal([0.25, 0.25, 0.25, 0.25, 0.25, 0.25]);
    expect(() => new PreferenceRewardAgent(inner, spoRewarder(byLength), { groupEpisodes: 1 })).to.throw(InvalidArgumentError, /groupEpisodes must be an integer >= 2/);
  });

  it('the linear Bradley–Terry fit recovers known weights from simulated comparisons', () => {
    const rng = new Rng(4);
    const truth = [1.5, -0.5, 0.8];
    const data = Array.from({ length: 4000 }, () => {
      const a = truth.map(() => rng.normal());
      const b = truth.map(() => rng.normal());
      const z = truth.reduce((s, w, i) => s + w * (a[i]! - b[i]!), 0);
      return { a, b, label: rng.random() < 1 / (1 + Math.exp(-z)) ? 1 : 0 };
    });
    const phi = fitLinearBradleyTerry(3, data, { ridge: 1e-3 });
    truth.forEach((w, i) => expect(phi[i]).to.be.closeTo(w, 0.12));
  });

  it('the reward-model rewarder learns that longer is better from length comparisons, and rewards each step', () => {
    const inner = new Recorder();
    const rewarder = new RewardModelRewarder<number, number>(noisyPreference((tr: Trajectory<number, number>) => tr.observations.length, { temperature: 0.5 }), new Rng(2), { features: () => [1] });
    const agent = new PreferenceRewardAgent(inner, rewarder, { groupEpisodes: 4 });
    for (let g = 0; g < 10; g++) feed(agent, [1, 3, 5, 7]);
    expect(rewarder.comparisons).to.equal(60);
    expect(rewarder.weights![0]).to.be.above(0);
    // Every step of the last group carries r(s) = φ·f(s) = φ_0.
    const last = inner.seen.slice(-16).map((t) => t.reward);
    for (const r of last) expect(r).to.be.closeTo(rewarder.weights![0]!, 1e-12);
  });
});
