import { expect } from 'chai';
import { banditCmdp, evaluateCmdpPolicy, minimumCost, solveCmdp, TabularCMDP, twoStateCmdp } from '../../src/envs/constrained/index.js';
import { dot, valueIteration } from '../../src/envs/tabular/exact.js';
import { TabularMDP } from '../../src/envs/tabular/mdp.js';

describe('envs/constrained: TabularCMDP and solveCmdp', () => {
  it('solves the bandit CMDP: π* = (0.5, 0.5), μ* = 1, V_r = V_c = 0.5', async () => {
    const sol = await solveCmdp(banditCmdp());
    expect(sol.policy[0]).to.be.closeTo(0.5, 1e-9);
    expect(sol.policy[1]).to.be.closeTo(0.5, 1e-9);
    expect(sol.multipliers[0]).to.be.closeTo(1, 1e-9);
    expect(sol.Vr).to.be.closeTo(0.5, 1e-9);
    expect(sol.Vc[0]).to.be.closeTo(0.5, 1e-9);
  });

  it('solves the 2-state CMDP: feasible, complementary slack, and V_r* = max_π L(π, μ*) (strong duality)', async () => {
    const cmdp = twoStateCmdp();
    const sol = await solveCmdp(cmdp);
    // Feasibility, re-evaluated by the exact linear solve rather than read from the LP.
    const values = evaluateCmdpPolicy(cmdp, sol.policy);
    expect(values.Vc[0]).to.be.at.most(2 + 1e-9);
    expect(values.Vr).to.be.closeTo(sol.Vr, 1e-12);
    // The budget binds (the unconstrained optimum costs more), so μ* > 0 and μ*(V_c − b) = 0.
    const unconstrained = dot(cmdp.mu0, valueIteration(cmdp, { tolerance: 1e-12 }).V);
    expect(unconstrained).to.be.greaterThan(sol.Vr + 0.1);
    const mu = sol.multipliers[0] as number;
    expect(mu).to.be.greaterThan(0.1);
    expect(mu * ((values.Vc[0] as number) - 2)).to.be.closeTo(0, 1e-9);
    // Strong duality: the Lagrangian MDP with reward R − μ*C, solved by value iteration, is worth V_r* − μ*b.
    const R = Float64Array.from(cmdp.R, (r, sa) => r - mu * ((cmdp.costs[0] as Float64Array)[sa] as number));
    const lagrangian = new TabularMDP({ S: 2, A: 2, P: cmdp.P, R, gamma: 0.9, mu0: cmdp.mu0 });
    const dual = dot(lagrangian.mu0, valueIteration(lagrangian, { tolerance: 1e-12 }).V) + mu * 2;
    expect(dual).to.be.closeTo(sol.Vr, 1e-8);
    // The optimum mixes in state 1 (a deterministic policy cannot spend the budget exactly).
    expect(sol.policy[2]).to.be.within(0.01, 0.99);
  });

  it('an infeasible budget is an error that reports the smallest achievable cost', async () => {
    const cmdp = new TabularCMDP({ S: 1, A: 2, P: [1, 1], R: [1, 0], gamma: 0, costs: [[1, 0.4]], budgets: [0.2], costNames: ['energy'] });
    expect(await minimumCost(cmdp, 0)).to.be.closeTo(0.4, 1e-9);
    let message = '';
    await solveCmdp(cmdp).catch((err: Error) => (message = err.message));
    expect(message).to.match(/no policy meets the budgets; "energy": budget 0.2, smallest achievable discounted cost 0.4\d* \(infeasible\)/);
  });

  it('validates costs and budgets, naming the bad entry', () => {
    const base = { S: 1, A: 2, P: [1, 1], R: [1, 0], gamma: 0 };
    expect(() => new TabularCMDP({ ...base, costs: [[1]], budgets: [1] })).to.throw(/costs\[0\] must have S·A = 2 entries, got 1/);
    expect(() => new TabularCMDP({ ...base, costs: [[1, NaN]], budgets: [1] })).to.throw(/costs\[0\]\[s=0, a=1\] = NaN must be finite/);
    expect(() => new TabularCMDP({ ...base, costs: [[1, 0]], budgets: [] })).to.throw(/budgets must have one entry per cost table \(1\), got 0/);
    expect(() => new TabularCMDP({ ...base, costs: [], budgets: [] })).to.throw(/costs must be a non-empty array/);
    expect(() => new TabularCMDP({ ...base, costs: [[1, 0]], budgets: [Infinity] })).to.throw(/budget must be finite, got Infinity/);
  });

  it('as an env, returns the costs of each step in info.costs', () => {
    const cmdp = twoStateCmdp({ horizon: 50 });
    let { observation: s } = cmdp.reset({ seed: 3 });
    for (let t = 0; t < 50; t++) {
      const a = t % 2;
      const r = cmdp.step(a);
      const costs = r.info.costs as Float64Array;
      expect(costs).to.be.instanceOf(Float64Array);
      expect(costs[0]).to.equal(s === 1 && a === 0 ? 1 : 0);
      s = r.observation;
    }
    expect(cmdp.constraints).to.deep.equal([{ name: 'cost', budget: 2, kind: 'discounted', gamma: 0.9 }]);
  });
});
