import { expect } from 'chai';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { RobustMDP, robustGarnet } from '../../src/envs/robust/index.js';
import { dot, valueOfPolicyTable } from '../../src/envs/tabular/exact.js';
import { TabularMDP } from '../../src/envs/tabular/mdp.js';
import { drpg, drpgParametric, kernelGradient, parametricGradient, parametricKernel, type ParametricKernel } from '../../src/policy-gradient/drpg.js';
import { occupancyOfPolicyTable } from '../../src/envs/tabular/exact.js';
import { randomPolicy } from '../support/random-tables.js';

const J = (mdp: TabularMDP, pi: Float64Array) => dot(mdp.mu0, valueOfPolicyTable(mdp, pi));
const pointOf = (mdp: TabularMDP, pi: Float64Array) => ({ mdp, V: valueOfPolicyTable(mdp, pi), d: occupancyOfPolicyTable(mdp, pi) });

describe('policy-gradient/drpg: double-loop robust policy gradient', () => {
  it("closes the gap to robust value iteration's optimum on a G(5, 4, 3) instance: < 0.01 after 200 iterations", () => {
    const robust = robustGarnet({ S: 5, A: 4, branching: 3, seed: 0 });
    const res = drpg(robust, { iterations: 200, policyStep: 0.05, kernelStep: 0.1 });
    const gaps = Array.from(res.values, (v) => res.optimalValue - v);
    expect(gaps[0]).to.be.greaterThan(0.5);
    for (const g of gaps) expect(g).to.be.at.least(-1e-8);
    expect(gaps[200]).to.be.below(0.01);
    // The inner loop's kernel is never better for nature than the exact worst case.
    for (let t = 0; t < 200; t++) expect(res.innerValues[t]).to.be.at.least((res.values[t] as number) - 1e-8);
  });

  it("on s-rectangular sets the inner loop finds nature's worst case (shared per-state budgets)", () => {
    const sa = robustGarnet({ S: 5, A: 4, branching: 3, seed: 0 });
    const robust = new RobustMDP({ nominal: sa.nominal, kind: 's', radius: 0.5, support: 'nominal' });
    const res = drpg(robust, { iterations: 5, warmStart: false, innerTolerance: () => 1e-6 });
    for (let t = 0; t < 5; t++) {
      expect(res.innerValues[t]).to.be.at.least((res.values[t] as number) - 1e-8);
      expect((res.innerValues[t] as number) - (res.values[t] as number)).to.be.below(0.05);
    }
    expect(res.values[5]).to.be.greaterThan(res.values[0] as number);
  });

  it('∂J/∂p matches finite differences along directions inside the simplex', () => {
    const robust = robustGarnet({ S: 4, A: 2, branching: 4, seed: 2 });
    const pi = randomPolicy(new Rng(3), 4, 2);
    const mdp = robust.withKernel(robust.nominal.P);
    const g = kernelGradient(robust.rewards, pi, pointOf(mdp, pi));
    const h = 1e-6;
    for (const [sa, i, j] of [[0, 1, 2], [3, 0, 3], [7, 2, 1]] as const) {
      const shift = (e: number) => {
        const P = Float64Array.from(mdp.P);
        P[sa * 4 + i] = (P[sa * 4 + i] as number) + e;
        P[sa * 4 + j] = (P[sa * 4 + j] as number) - e;
        return J(robust.withKernel(P), pi);
      };
      const fd = (shift(h) - shift(-h)) / (2 * h);
      expect(fd).to.be.closeTo((g[sa * 4 + i] as number) - (g[sa * 4 + j] as number), 1e-5 * (1 + Math.abs(fd)));
    }
  });

  describe('parametric kernel', () => {
    const robust = robustGarnet({ S: 4, A: 2, branching: 3, seed: 4 });
    const nominal = robust.withKernel(robust.nominal.P);
    const rng = new Rng(5);
    const spec: ParametricKernel = { dim: 2, features: Float64Array.from({ length: 4 * 2 * 4 * 2 }, () => rng.random() * 2 - 1), temperature: 0.7, radius: 1 };

    it('θ = 0 is the nominal kernel, and ∂J/∂θ matches finite differences', () => {
      const P0 = parametricKernel(nominal, spec, [0, 0]);
      for (let i = 0; i < P0.length; i++) expect(P0[i]).to.be.closeTo(nominal.P[i] as number, 1e-15);
      const pi = randomPolicy(new Rng(6), 4, 2);
      const theta = [0.3, -0.2];
      const at = (th: number[]) => new TabularMDP({ S: 4, A: 2, P: parametricKernel(nominal, spec, th), Rsas: robust.rewards, gamma: nominal.gamma, mu0: nominal.mu0 });
      const g = parametricGradient(spec, robust.rewards, pi, pointOf(at(theta), pi));
      const h = 1e-6;
      for (let i = 0; i < 2; i++) {
        const up = theta.map((x, k) => x + (k === i ? h : 0));
        const down = theta.map((x, k) => x - (k === i ? h : 0));
        const fd = (J(at(up), pi) - J(at(down), pi)) / (2 * h);
        expect(fd).to.be.closeTo(g[i] as number, 1e-5 * (1 + Math.abs(fd)));
      }
    });

    it('with radius 0 reaches the nominal optimum; with radius 1 nature lowers the value', () => {
      const flat = drpgParametric(nominal, { ...spec, radius: 0 }, { iterations: 150 });
      expect(flat.optimalValue - (flat.values[150] as number)).to.be.below(0.01);
      const res = drpgParametric(nominal, spec, { iterations: 30 });
      expect(res.optimalValue).to.be.NaN;
      expect(res.values[30]).to.be.below(J(nominal, res.policy));
      expect(Math.abs(res.theta[0] as number) + Math.abs(res.theta[1] as number)).to.be.at.most(1 + 1e-12);
    });
  });

  it('rejects bad options with messages naming the value', () => {
    const robust = robustGarnet({ S: 3, A: 2, branching: 2, seed: 7 });
    expect(() => drpg(robust, { policyStep: 0 })).to.throw(InvalidArgumentError, /policyStep must be a finite number > 0, got 0/);
    expect(() => drpg(robust, { iterations: 1.5 })).to.throw(InvalidArgumentError, /iterations must be an integer >= 0, got 1\.5/);
    expect(() => drpg(robust, { pi0: [1, 0] })).to.throw(InvalidArgumentError, /pi0 must have S·A = 6 entries, got 2/);
  });
});
