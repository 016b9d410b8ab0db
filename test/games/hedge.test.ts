import { expect } from 'chai';
import { hedgeStep } from '../../src/games/dynamics/hedge.js';

describe('games/dynamics/hedge: hedgeStep', () => {
  it('matches x·exp(ηg) normalised (hand-computed)', () => {
    const out = hedgeStep([0.5, 0.5], [1, 0], Math.log(3));
    // 0.5·3 : 0.5·1 → 3/4 : 1/4
    expect(out[0]).to.be.closeTo(0.75, 1e-15);
    expect(out[1]).to.be.closeTo(0.25, 1e-15);
  });

  it('stays finite for huge exponents and keeps zero weights at zero', () => {
    const out = hedgeStep([0.2, 0.8, 0], [1e6, 0, 2e6], 1);
    expect(Array.from(out)).to.deep.equal([1, 0, 0]);
  });
});
