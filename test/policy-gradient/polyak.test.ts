import { expect } from 'chai';
import { InvalidArgumentError } from '../../src/core/errors.js';
import type { GradientOracle } from '../../src/policy-gradient/ascent-rule.js';
import { polyakStepSize, TwinOptimumEstimate } from '../../src/policy-gradient/polyak.js';
import { PolyakRule } from '../../src/policy-gradient/polyak-rule.js';

// A concave quadratic V(θ) = V* − ½ Σ_i a_i (θ_i − θ*_i)², maximum V* at θ*.
const A = [1, 4, 0.25];
const OPT = [1, -2, 0.5];
const V_STAR = 3;
const value = (t: ArrayLike<number>) => V_STAR - 0.5 * A.reduce((s, a, i) => s + a * ((t[i] as number) - OPT[i]!) ** 2, 0);
const grad = (t: ArrayLike<number>) => Float64Array.from(A, (a, i) => -a * ((t[i] as number) - OPT[i]!));
const oracle = (t: Float64Array): GradientOracle => ({ gradient: grad(t), value: value(t), hessianVector: async (u) => u.map((x, i) => -A[i]! * x) });

describe('Polyak step size', () => {
  it('equals (V* − V̂)/(c‖g‖²) capped at γ_max', () => {
    const theta = Float64Array.of(0, 0, 0);
    const g = grad(theta);
    const g2 = g.reduce((s, x) => s + x * x, 0);
    const expected = (V_STAR - value(theta)) / (0.5 * g2);
    expect(polyakStepSize(V_STAR, value(theta), g, { c: 0.5, maxStep: 10 })).to.be.closeTo(expected, 1e-15);
    expect(polyakStepSize(V_STAR, value(theta), g, { c: 2, maxStep: 10 })).to.be.closeTo((expected * 0.5) / 2, 1e-15);
    expect(polyakStepSize(V_STAR, value(theta), g, { maxStep: 0.01 })).to.equal(0.01);
    expect(polyakStepSize(V_STAR, V_STAR + 1, g, { maxStep: 1 })).to.equal(0);
    expect(() => polyakStepSize(V_STAR, 0, g, { maxStep: 0 })).to.throw(InvalidArgumentError, /maxStep/);
    expect(() => polyakStepSize(NaN, 0, g, { maxStep: 1 })).to.throw(InvalidArgumentError, /NaN/);
  });

  it('drives plain gradient ascent to the optimum of a concave quadratic', async () => {
    const rule = new PolyakRule({ vStar: V_STAR, maxStep: 100 });
    let theta: Float64Array = Float64Array.of(-3, 2, 4);
    for (let k = 0; k < 300; k++) theta = await rule.step(theta, oracle(theta));
    theta.forEach((x, i) => expect(x).to.be.closeTo(OPT[i]!, 1e-4));
    expect(V_STAR - value(theta)).to.be.below(1e-8);
  });

  it('with a twin estimate of V*, still climbs to near the optimum', async () => {
    const twin = new TwinOptimumEstimate(0.05);
    const a = new PolyakRule({ twin, maxStep: 1 });
    const b = new PolyakRule({ twin, maxStep: 1 });
    let ta: Float64Array = Float64Array.of(-3, 2, 4);
    let tb: Float64Array = Float64Array.of(2, -1, -2);
    const start = Math.max(value(ta), value(tb));
    for (let k = 0; k < 200; k++) {
      ta = await a.step(ta, oracle(ta));
      tb = await b.step(tb, oracle(tb));
    }
    expect(Math.max(value(ta), value(tb))).to.be.above(start + 0.9 * (V_STAR - start));
    expect(twin.value).to.be.at.least(twin.bestSeen);
  });
});
