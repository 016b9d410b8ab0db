import { expect } from 'chai';
import { Rng } from '../../src/core/rng.js';
import {
  TabularMDP,
  directPolicyGradient,
  evaluatePolicy,
  evaluateQ,
  expectedReturn,
  garnet,
  maxAbsDiff,
  occupancy,
  policyIteration,
  policyTransition,
  softmaxPolicy,
  softmaxPolicyGradient,
  uniformPolicy,
  valueIteration,
} from '../../src/envs/tabular/index.js';

/**
 * s0: a0 stays (r 0), a1 goes to s1 (r 1); s1: a0 stays (r 2), a1 goes to s0 (r 0); γ = 1/2, start in s0.
 * Under π(a1|s0) = 1/2, π(a0|s1) = 1 by hand: V1 = 2/(1-γ) = 4, V0 = ½(γV0) + ½(1 + γV1) ⇒ V0 = 2;
 * Q = [1, 3; 4, 1]; d = (1-γ) μ0ᵀ (I - γP_π)⁻¹ = [2/3, 1/3]. Optimal: V* = [3, 4].
 */
const handMDP = () => new TabularMDP({ S: 2, A: 2, P: [1, 0, 0, 1, 0, 1, 1, 0], R: [0, 1, 2, 0], gamma: 0.5, mu0: [1, 0] });
const handPolicy = Float64Array.from([0.5, 0.5, 1, 0]);

describe('exact solutions', () => {
  it('policy evaluation, Q of a policy and occupancy match the hand-solved 2-state MDP', () => {
    const m = handMDP();
    expect(maxAbsDiff(evaluatePolicy(m, handPolicy), [2, 4])).to.be.below(1e-12);
    expect(maxAbsDiff(evaluateQ(m, handPolicy), [1, 3, 4, 1])).to.be.below(1e-12);
    expect(maxAbsDiff(occupancy(m, handPolicy), [2 / 3, 1 / 3])).to.be.below(1e-12);
    expect(expectedReturn(m, handPolicy)).to.be.closeTo(2, 1e-12);
    const vi = valueIteration(m);
    expect(maxAbsDiff(vi.V, [3, 4])).to.be.below(1e-9);
    expect(Array.from(vi.policy)).to.deep.equal([1, 0]);
  });

  it('value iteration equals policy iteration on GARNET(20, 4, 3) to 1e-8', () => {
    for (const seed of [1, 2, 3]) {
      const m = garnet({ S: 20, A: 4, branching: 3, seed, gamma: 0.95 });
      const vi = valueIteration(m, { tolerance: 1e-11 });
      const pi = policyIteration(m);
      expect(maxAbsDiff(vi.V, pi.V)).to.be.below(1e-8);
      expect(maxAbsDiff(vi.Q, pi.Q)).to.be.below(1e-8);
      expect(Array.from(vi.policy)).to.deep.equal(Array.from(pi.policy));
    }
  });

  it('occupancy is a distribution and the fixed point d = (1-γ)μ0 + γ P_πᵀ d', () => {
    const m = garnet({ S: 15, A: 3, branching: 4, seed: 5, gamma: 0.9 });
    const pi = softmaxPolicy(Float64Array.from({ length: 45 }, (_, i) => Math.sin(i)), 15, 3);
    const d = occupancy(m, pi);
    expect(d.reduce((a, b) => a + b, 0)).to.be.closeTo(1, 1e-12);
    expect(Math.min(...d)).to.be.at.least(0);
    const Ppi = policyTransition(m, pi);
    for (let s2 = 0; s2 < 15; s2++) {
      let flow = 0;
      for (let s = 0; s < 15; s++) flow += d[s]! * Ppi[s * 15 + s2]!;
      expect(d[s2]).to.be.closeTo((1 - m.gamma) * m.mu0[s2]! + m.gamma * flow, 1e-12);
    }
  });

  it('exact policy gradients agree with central finite differences to 1e-6 (softmax and direct)', () => {
    const m = garnet({ S: 8, A: 3, branching: 3, seed: 11, gamma: 0.9 });
    const rng = new Rng(3);
    const theta = Float64Array.from({ length: 24 }, () => rng.normal());
    // Each coordinate of `grad` against (f(x + h·e_i) − f(x − h·e_i)) / 2h.
    const expectCentralDifferences = (grad: Float64Array, f: (x: Float64Array) => number, x: Float64Array) => {
      const h = 1e-5;
      for (let i = 0; i < x.length; i++) {
        const up = x.slice();
        const down = x.slice();
        up[i]! += h;
        down[i]! -= h;
        expect(grad[i]).to.be.closeTo((f(up) - f(down)) / (2 * h), 1e-6);
      }
    };
    expectCentralDifferences(softmaxPolicyGradient(m, theta).grad, (th) => softmaxPolicyGradient(m, th).value, theta);
    const pi = uniformPolicy(8, 3);
    expectCentralDifferences(directPolicyGradient(m, pi).grad, (p) => directPolicyGradient(m, p).value, pi);
  });
});
