import { expect } from 'chai';
import { LinearFeatureBaseline } from '../../src/policy-gradient/linear-feature-baseline.js';

describe('LinearFeatureBaseline (garage)', () => {
  it('features: clipped observation, its square, t/100 powers with t restarting each episode, and 1', () => {
    const b = new LinearFeatureBaseline(1);
    const phi = b.features(Float32Array.of(1, -20, 2, 3), Uint8Array.of(0, 0, 1, 1));
    const rows = Array.from({ length: 4 }, (_, r) => Array.from(phi.subarray(r * 6, r * 6 + 6)));
    expect(rows[0]).to.deep.equal([1, 1, 0, 0, 0, 1]);
    expect(rows[1]![0]).to.equal(-10);
    expect(rows[1]![1]).to.equal(100);
    [0.01, 0.0001, 0.000001].forEach((x, j) => expect(rows[1]![2 + j]).to.be.closeTo(x, 1e-15));
    expect(rows[2]!.slice(0, 3)).to.deep.equal([2, 4, 0.02]);
    expect(rows[3]).to.deep.equal([3, 9, 0, 0, 0, 1]);
  });

  it('predicts 0 before its first fit', () => {
    expect(Array.from(new LinearFeatureBaseline(2).predict(new Float32Array(6), Uint8Array.of(0, 0, 1)))).to.deep.equal([0, 0, 0]);
  });

  it('one row: the ridge solution c = φ·y/(‖φ‖² + λ), by hand', () => {
    // φ = [3, 9, 0, 0, 0, 1], ‖φ‖² = 91; λ = 9 and y = 100 give c = φ, so b = 91.
    const b = new LinearFeatureBaseline(1, 9);
    b.fit(Float32Array.of(3), Uint8Array.of(1), [100]);
    Array.from(b.coefficients!).forEach((c, j) => expect(c).to.be.closeTo([3, 9, 0, 0, 0, 1][j]!, 1e-9));
    expect(b.predict(Float32Array.of(3), Uint8Array.of(1))[0]).to.be.closeTo(91, 1e-9);
  });

  it('recovers the coefficients of returns that are exactly linear in the features (least squares)', () => {
    const truth = [0.5, -1, 2, 0.25, 30, -4, 1, 0.5, 7, 10];
    const obs = new Float32Array(40 * 3);
    const ends = new Uint8Array(40);
    for (let i = 0; i < obs.length; i++) obs[i] = Math.sin(1.7 * i) * 3 + (i % 5 === 0 ? 15 : 0);
    for (let t = 0; t < 40; t++) ends[t] = t % 13 === 12 || t === 39 ? 1 : 0;
    const b = new LinearFeatureBaseline(3, 1e-12);
    const phi = b.features(obs, ends);
    const y = Array.from({ length: 40 }, (_, r) => truth.reduce((s, c, j) => s + c * (phi[r * 10 + j] as number), 0));
    b.fit(obs, ends, y);
    // (t/100)³ is nearly collinear with the other time features over 13-step episodes: coefficients to 1e-3.
    Array.from(b.coefficients!).forEach((c, j) => expect(c).to.be.closeTo(truth[j]!, 1e-3));
    b.predict(obs, ends).forEach((p, r) => expect(p).to.be.closeTo(y[r]!, 1e-6));
    const state = JSON.parse(JSON.stringify(b.getState())) as number[];
    const c = new LinearFeatureBaseline(3);
    c.setState(state);
    expect(Array.from(c.predict(obs, ends))).to.deep.equal(Array.from(b.predict(obs, ends)));
  });

  it('refuses a bad observation size or ridge term, naming them', () => {
    expect(() => new LinearFeatureBaseline(0)).to.throw(/obsDim must be an integer >= 1/);
    expect(() => new LinearFeatureBaseline(2, -1)).to.throw(/regCoeff must be a positive number/);
    expect(() => new LinearFeatureBaseline(1).fit(Float32Array.of(1, 2), Uint8Array.of(0, 1), [1])).to.throw(/targets must have 2 entries/);
  });
});
