import { expect } from 'chai';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { projectL1BudgetSimplices } from '../../src/core/l1-budget-projection.js';
import { loadLpSolver, solveLinearProgram } from '../../src/core/lp.js';
import { Rng } from '../../src/core/rng.js';
import { projectL1BallSimplex } from '../../src/core/simplex.js';
import { l1BudgetRows } from '../support/polytope.js';

/** max over the set of g·q (an LP, HiGHS): the support function of {(q_a) : q_a ∈ Δ, Σ_a ‖q_a − c_a‖₁ ≤ κ}. */
function supportValue(g: number[][], cs: number[][], radius: number): number {
  const { A, lo, hi, cols } = l1BudgetRows(cs, radius);
  const cost = Array(cols).fill(0) as number[];
  g.flat().forEach((v, k) => (cost[k] = v));
  const sol = solveLinearProgram({ sense: 'maximize', cost, A, rowLower: lo, rowUpper: hi });
  expect(sol.status).to.equal('optimal');
  return sol.objective;
}

function randomDistribution(rng: Rng, n: number): number[] {
  const w: number[] = Array.from({ length: n }, () => (rng.random() < 0.25 ? 0 : rng.random()));
  if (!w.some((x) => x > 0)) w[0] = 1;
  const z = w.reduce((x, y) => x + y, 0);
  return w.map((x) => x / z);
}

describe('core/l1-budget-projection: projection onto an s-rectangular L1 set', () => {
  before(async () => loadLpSolver());

  it('is feasible and optimal (variational inequality against the HiGHS support function) on 150 random cases', () => {
    const rng = new Rng(1);
    let active = 0;
    for (let trial = 0; trial < 150; trial++) {
      const rows = 1 + (trial % 4);
      const n = 2 + (trial % 3);
      const cs = Array.from({ length: rows }, () => randomDistribution(rng, n));
      const ys = cs.map((c) => c.map((ci) => ci + (trial % 2 ? 0.4 : 3) * (2 * rng.random() - 1)));
      const radius = [0, 0.1, 0.4, 1, 3][trial % 5] as number;
      const ps = projectL1BudgetSimplices(ys, cs, radius);
      let used = 0;
      ps.forEach((p, a) => {
        expect(p.reduce((x, y) => x + y, 0)).to.be.closeTo(1, 1e-12);
        for (const v of p) expect(v).to.be.at.least(-1e-15);
        p.forEach((v, i) => (used += Math.abs(v - cs[a]![i]!)));
      });
      expect(used).to.be.at.most(radius + 1e-10);
      if (used > radius - 1e-9 && radius > 0) active++;
      const g = ys.map((y, a) => y.map((yi, i) => yi - ps[a]![i]!));
      const atP = g.reduce((s, ga, a) => s + ga.reduce((t, gi, i) => t + gi * ps[a]![i]!, 0), 0);
      expect(supportValue(g, cs, radius) - atP).to.be.at.most(1e-8);
    }
    expect(active).to.be.greaterThan(40);
  });

  it('with one row is the L1 ball ∩ simplex projection', () => {
    const rng = new Rng(2);
    for (let trial = 0; trial < 50; trial++) {
      const c = randomDistribution(rng, 4);
      const y = c.map((ci) => ci + 2 * (2 * rng.random() - 1));
      const [p] = projectL1BudgetSimplices([y], [c], 0.3);
      const q = projectL1BallSimplex(y, c, 0.3);
      for (let i = 0; i < 4; i++) expect(p![i]).to.be.closeTo(q[i] as number, 1e-10);
    }
  });

  it('rejects a bad radius and mismatched rows, naming the value', () => {
    expect(() => projectL1BudgetSimplices([[1, 0]], [[0.5, 0.5]], -1)).to.throw(InvalidArgumentError, /radius must be a finite number >= 0, got -1/);
    expect(() => projectL1BudgetSimplices([[1, 0]], [[1]], 0.1)).to.throw(InvalidArgumentError, /row 0 has 2 entries but its centre 1/);
    expect(() => projectL1BudgetSimplices([[1, 0]], [], 0.1)).to.throw(InvalidArgumentError, /1 rows of y but 0 centres/);
  });
});
