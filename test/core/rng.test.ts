import { expect } from 'chai';
import seedrandom from 'seedrandom';
import { Rng } from '../../src/core/rng.js';

describe('Rng', () => {
  it("is seedrandom's Alea stream to the bit (random = double, uint32 = int32 >>> 0), also after a state round trip", () => {
    for (const seed of [0, 42, 'converge']) {
      const ref = seedrandom.alea(String(seed), { state: true });
      const rng = new Rng(seed);
      for (let i = 0; i < 1000; i++) {
        expect(rng.random()).to.equal(ref.double());
        expect(rng.uint32()).to.equal(ref.int32() >>> 0);
      }
      expect(rng.getState().alea).to.deep.equal(ref.state());
      const restored = Rng.fromState(rng.getState());
      expect(restored.random()).to.equal(ref.double());
    }
  });

  it('gives the same stream for the same seed and a different one for another seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 20 }, () => a.random());
    expect(Array.from({ length: 20 }, () => b.random())).to.deep.equal(xs);
    expect(Array.from({ length: 20 }, () => c.random())).to.not.deep.equal(xs);
  });

  it('continues exactly from a saved state, the normal spare included', () => {
    const a = new Rng('state');
    a.normal();
    const saved = JSON.parse(JSON.stringify(a.getState()));
    const next = [a.normal(), a.random(), a.integer(0, 10)];
    const b = Rng.fromState(saved);
    expect([b.normal(), b.random(), b.integer(0, 10)]).to.deep.equal(next);
  });

  it('forks independent children reproducibly', () => {
    const p1 = new Rng(1);
    const p2 = new Rng(1);
    const c1 = p1.fork();
    const c2 = p2.fork();
    expect(c1.random()).to.equal(c2.random());
    expect(p1.fork().random()).to.not.equal(c1.random());
  });

  it('draws integers in [low, high) with every value', () => {
    const rng = new Rng(5);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const v = rng.integer(-2, 3);
      expect(v).to.be.within(-2, 2);
      seen.add(v);
    }
    expect(seen.size).to.equal(5);
  });

  it('draws categorical indices in proportion to the weights', () => {
    const rng = new Rng(7);
    const counts = [0, 0, 0];
    const n = 30000;
    for (let i = 0; i < n; i++) counts[rng.categorical([0.2, 0, 0.8])]! += 1;
    expect(counts[1]).to.equal(0);
    // 5 standard deviations of a binomial(30000, 0.2) is about 350.
    expect(Math.abs(counts[0]! - 0.2 * n)).to.be.below(350);
  });

  it('draws normals with the right mean and variance', () => {
    const rng = new Rng(9);
    const n = 20000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.normal(1, 2);
      s += x;
      s2 += x * x;
    }
    const mean = s / n;
    expect(mean).to.be.closeTo(1, 0.1);
    expect(s2 / n - mean * mean).to.be.closeTo(4, 0.2);
  });

  it('rejects bad arguments with a clear message', () => {
    const rng = new Rng(0);
    expect(() => rng.integer(3, 3)).to.throw(/low < high/);
    expect(() => rng.categorical([0, 0])).to.throw(/positive sum/);
    expect(() => rng.choice([])).to.throw(/non-empty/);
  });
});
