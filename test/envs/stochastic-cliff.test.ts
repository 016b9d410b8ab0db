import { expect } from 'chai';
import { stochasticCliffWalking } from '../../src/envs/tabular/cliff-walking.js';

describe('envs/tabular: stochastic CliffWalking', () => {
  it("slips to a uniformly random neighbour and keeps a fall's −100 apart from other outcomes", () => {
    const m = stochasticCliffWalking({ slip: 0.2 });
    expect(m.S).to.equal(48);
    const p = (s: number, a: number, s2: number) => m.P[(s * 4 + a) * 48 + s2] as number;
    // From (1, 5) moving right (action 1): right w.p. 0.8 + 0.05, up, down, left w.p. 0.05 each.
    expect(p(17, 1, 18)).to.be.closeTo(0.85, 1e-12);
    expect(p(17, 1, 5)).to.be.closeTo(0.05, 1e-12);
    expect(p(17, 1, 29)).to.be.closeTo(0.05, 1e-12);
    expect(p(17, 1, 16)).to.be.closeTo(0.05, 1e-12);
    // From S moving right: into the cliff cell 37 with −100 (not back to S, where a bump gives −1).
    expect(p(36, 1, 37)).to.be.closeTo(0.85, 1e-12);
    expect(m.reward(36, 1, 37)).to.be.closeTo(-100, 1e-9);
    expect(m.reward(36, 1, 36)).to.be.closeTo(-1, 1e-12);
    // The cliff cell returns to S at reward 0 whatever the action; G is terminal.
    for (let a = 0; a < 4; a++) {
      expect(p(37, a, 36)).to.equal(1);
      expect(m.reward(37, a, 36)).to.equal(0);
    }
    expect(m.terminal[47]).to.equal(1);
  });
});
