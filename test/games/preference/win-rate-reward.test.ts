import { expect } from 'chai';
import { InvalidArgumentError } from '../../../src/core/errors.js';
import { majorityVotePreference, noisyPreference, placeReward, winRateRewards } from '../../../src/games/preference/index.js';

describe('games/preference: SPO win-rate rewards', () => {
  it('B = 3 by hand: each trajectory\'s mean preference over the other two', () => {
    // Trajectories scored 0, 1, 3 under a Bradley–Terry preference with temperature 1:
    // r_0 = ½[σ(−1) + σ(−3)], r_1 = ½[σ(1) + σ(−2)], r_2 = ½[σ(3) + σ(2)].
    const s = (x: number) => 1 / (1 + Math.exp(-x));
    const r = winRateRewards([0, 1, 3], noisyPreference((x: number) => x));
    const expected = [0.5 * (s(-1) + s(-3)), 0.5 * (s(1) + s(-2)), 0.5 * (s(3) + s(2))];
    expected.forEach((e, i) => expect(r[i]).to.be.closeTo(e, 1e-12));
    // The rewards of a batch sum to B/2: every pair hands out one unit.
    expect(r[0]! + r[1]! + r[2]!).to.be.closeTo(1.5, 1e-12);
  });

  it('B = 3 on a Condorcet cycle: every trajectory wins one and loses one, reward ½ each', () => {
    const rankings = [
      [3, 2, 1],
      [1, 3, 2],
      [2, 1, 3],
    ];
    const pref = majorityVotePreference(rankings.map((rk) => (y: number) => rk[y]!));
    expect(Array.from(winRateRewards([0, 1, 2], pref))).to.deep.equal([0.5, 0.5, 0.5]);
    // Two copies of item 0 and one of item 1: 0 beats 1 (two voters of three), the copies tie.
    expect(Array.from(winRateRewards([0, 0, 1], pref))).to.deep.equal([0.75, 0.75, 0]);
  });

  it('places a reward at the last step or spreads it, and rejects bad input', () => {
    expect(Array.from(placeReward(0.6, 3, 'final'))).to.deep.equal([0, 0, 0.6]);
    expect(Array.from(placeReward(0.6, 3, 'spread')).map((x) => x.toFixed(12))).to.deep.equal(['0.200000000000', '0.200000000000', '0.200000000000']);
    expect(() => winRateRewards([1], noisyPreference((x: number) => x))).to.throw(InvalidArgumentError, /needs B >= 2/);
    expect(() => winRateRewards([1, 2], () => 0.9)).to.throw(InvalidArgumentError, /P\(ξ0 ≻ ξ1\) = 0\.9 and P\(ξ1 ≻ ξ0\) = 0\.9 must lie in \[0, 1\] and sum to 1/);
  });
});
