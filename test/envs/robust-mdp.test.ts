import { expect } from 'chai';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { loadLpSolver, solveLinearProgram } from '../../src/core/lp.js';
import { Rng } from '../../src/core/rng.js';
import {
  RobustMDP,
  robustBellman,
  robustGarnet,
  robustPolicyEvaluation,
  robustValueIteration,
  worstCaseResponse,
} from '../../src/envs/robust/index.js';
import { deterministicPolicy, dot, maxAbsDiff, valueIteration } from '../../src/envs/tabular/exact.js';
import { TabularMDP } from '../../src/envs/tabular/mdp.js';
import { l1BudgetRows, l1SimplexVertices, solveSquare } from '../support/polytope.js';
import { randomMdp, randomPolicy } from '../support/random-tables.js';

/** V^π under kernel P by a direct solve of (I − γP_π)V = r_π (independent of the library's solver). */
function evaluate(mdp: TabularMDP, rewards: Float64Array, pi: Float64Array, P: ArrayLike<number>): number[] {
  const { S, A, gamma } = mdp;
  const M: number[][] = Array.from({ length: S }, (_, s) => Array.from({ length: S }, (_, s2) => (s === s2 ? 1 : 0)));
  const b = Array(S).fill(0) as number[];
  for (let s = 0; s < S; s++) {
    for (let a = 0; a < A; a++) {
      const w = pi[s * A + a] as number;
      for (let s2 = 0; s2 < S; s2++) {
        const p = (P[(s * A + a) * S + s2] as number) * w;
        M[s]![s2] = M[s]![s2]! - gamma * p;
        b[s] = b[s]! + p * (rewards[(s * A + a) * S + s2] as number);
      }
    }
  }
  return solveSquare(M, b)!;
}

describe('envs/robust: RobustMDP', () => {
  const nominal = () => new TabularMDP({ S: 2, A: 2, P: [1, 0, 0.5, 0.5, 0, 1, 0.3, 0.7], R: [0, 1, 2, 0], gamma: 0.9 });

  it('rejects a negative or non-finite radius, a wrong-length radius array and a bad kind, naming the value', () => {
    expect(() => new RobustMDP({ nominal: nominal(), kind: 'sa', radius: -0.1 })).to.throw(InvalidArgumentError, /radius must be a finite number >= 0, got -0\.1/);
    expect(() => new RobustMDP({ nominal: nominal(), kind: 's', radius: [0.1, Infinity] })).to.throw(InvalidArgumentError, /radius\[s=1\] must be a finite number >= 0, got Infinity/);
    expect(() => new RobustMDP({ nominal: nominal(), kind: 'sa', radius: [0.1, 0.2, NaN, 0] })).to.throw(InvalidArgumentError, /radius\[s=1, a=0\] .* got NaN/);
    expect(() => new RobustMDP({ nominal: nominal(), kind: 'sa', radius: [0.1, 0.2] })).to.throw(InvalidArgumentError, /S·A = 4 entries, got 2/);
    expect(() => new RobustMDP({ nominal: nominal(), kind: 's', radius: [0.1, 0.2, 0.3] })).to.throw(InvalidArgumentError, /S = 2 entries, got 3/);
    expect(() => new RobustMDP({ nominal: nominal(), kind: 'x' as 'sa', radius: 0 })).to.throw(InvalidArgumentError, /kind must be 'sa' or 's', got "x"/);
  });

  it('rejects a nominal kernel whose rows do not sum to 1 (as a spec, or edited after construction)', () => {
    expect(() => new RobustMDP({ nominal: { S: 1, A: 1, P: [0.9], R: [0], gamma: 0.5 }, kind: 'sa', radius: 0.1 })).to.throw(InvalidArgumentError, /sums to 0\.9; each row must sum to 1/);
    const m = nominal();
    m.P[1] = 0.2;
    expect(() => new RobustMDP({ nominal: m, kind: 'sa', radius: 0.1 })).to.throw(InvalidArgumentError, /nominal P\[s=0, a=0, ·\] sums to 1\.2/);
  });

  it('with radius 0 is the nominal MDP: robust value iteration equals value iteration', () => {
    const mdp = randomMdp(new Rng(1), 4, 3);
    const vi = valueIteration(mdp, { tolerance: 1e-11 });
    for (const kind of ['sa', 's'] as const) {
      const r = robustValueIteration(new RobustMDP({ nominal: mdp, kind, radius: 0 }), { tolerance: 1e-11 });
      expect(maxAbsDiff(r.V, vi.V)).to.be.below(1e-9);
    }
  });

  it("'sa' worst case of a policy equals exhaustive search over every vertex combination of the set (S = 3, A = 2)", () => {
    const rng = new Rng(2);
    const mdp = randomMdp(rng, 3, 2);
    const radius = [0.3, 0.6, 0.2, 1.0, 0.45, 0.8];
    const robust = new RobustMDP({ nominal: mdp, kind: 'sa', radius });
    const pi = randomPolicy(rng, 3, 2);
    const vertices = Array.from({ length: 6 }, (_, sa) => l1SimplexVertices(Array.from(mdp.P.subarray(sa * 3, sa * 3 + 3)), radius[sa]!));
    expect(vertices.every((v) => v.length >= 3)).to.equal(true);
    const best = [Infinity, Infinity, Infinity];
    const P = new Float64Array(18);
    const choose = (sa: number): void => {
      if (sa === 6) {
        const V = evaluate(mdp, robust.rewards, pi, P);
        for (let s = 0; s < 3; s++) best[s] = Math.min(best[s]!, V[s]!);
        return;
      }
      for (const v of vertices[sa]!) {
        P.set(v, sa * 3);
        choose(sa + 1);
      }
    };
    choose(0);
    const ev = robustPolicyEvaluation(robust, pi);
    expect(maxAbsDiff(ev.V, best)).to.be.below(1e-9);
    // The worst-case kernel lies in the set and attains the value.
    for (let sa = 0; sa < 6; sa++) {
      const row = ev.kernel.subarray(sa * 3, sa * 3 + 3);
      expect(row.reduce((x, y) => x + y, 0)).to.be.closeTo(1, 1e-12);
      expect(row.reduce((x, p, i) => x + Math.abs(p - (mdp.P[sa * 3 + i] as number)), 0)).to.be.at.most(radius[sa]! + 1e-12);
    }
    expect(maxAbsDiff(evaluate(mdp, robust.rewards, pi, ev.kernel), ev.V)).to.be.below(1e-10);
    // The robust optimum is the best deterministic policy's robust value (sa-rectangular sets).
    const opt = robustValueIteration(robust, { tolerance: 1e-11 });
    let bestDet = -Infinity;
    for (let code = 0; code < 8; code++) {
      const actions = Int32Array.from([code & 1, (code >> 1) & 1, (code >> 2) & 1]);
      bestDet = Math.max(bestDet, robustPolicyEvaluation(robust, deterministicPolicy(actions, 2)).value);
    }
    expect(dot(mdp.mu0, opt.V)).to.be.closeTo(bestDet, 1e-9);
    expect(robustPolicyEvaluation(robust, opt.policy).value).to.be.closeTo(bestDet, 1e-9);
  });

  it('robust value iteration contracts by γ per sweep, for both kinds', () => {
    const rng = new Rng(3);
    for (const kind of ['sa', 's'] as const) {
      const mdp = randomMdp(rng, 5, 3, 0.8);
      const robust = new RobustMDP({ nominal: mdp, kind, radius: 0.4 });
      for (let trial = 0; trial < 20; trial++) {
        const V = Float64Array.from({ length: 5 }, () => 10 * rng.random());
        const U = Float64Array.from({ length: 5 }, () => 10 * rng.random());
        expect(maxAbsDiff(robustBellman(robust, V).V, robustBellman(robust, U).V)).to.be.at.most(0.8 * maxAbsDiff(V, U) + 1e-12);
      }
      let V: Float64Array = new Float64Array(5);
      let prev = robustBellman(robust, V).V;
      let lastDiff = maxAbsDiff(prev, V);
      for (let k = 0; k < 30; k++) {
        V = prev;
        prev = robustBellman(robust, V).V;
        const diff = maxAbsDiff(prev, V);
        expect(diff).to.be.at.most(0.8 * lastDiff + 1e-12);
        lastDiff = diff;
      }
    }
  });

  describe("'s'-rectangular sets, checked against HiGHS linear programs", () => {
    before(async () => loadLpSolver());

    /** min over P_s of Σ_a w_a p_a·z_a (policy given), or min_p max_a p_a·z_a (w undefined), as an LP. */
    function stateLp(robust: RobustMDP, s: number, V: Float64Array, w?: Float64Array): number {
      const { S, A, gamma } = robust;
      const n = A * S;
      // Columns: p (n), |p − p̄| (n), t (1).
      const cs = Array.from({ length: A }, (_, a) => Array.from(robust.nominal.P.subarray((s * A + a) * S, (s * A + a + 1) * S)));
      const { A: rows, lo, hi, cols } = l1BudgetRows(cs, robust.radius[s] as number, 1);
      const z = (a: number, s2: number) => (robust.rewards[(s * A + a) * S + s2] as number) + gamma * (V[s2] as number);
      const cost = Array(cols).fill(0) as number[];
      if (w) {
        for (let a = 0; a < A; a++) for (let s2 = 0; s2 < S; s2++) cost[a * S + s2] = (w[s * A + a] as number) * z(a, s2);
      } else {
        cost[2 * n] = 1;
        for (let a = 0; a < A; a++) {
          const row = Array(cols).fill(0) as number[];
          for (let s2 = 0; s2 < S; s2++) row[a * S + s2] = z(a, s2);
          row[2 * n] = -1;
          rows.push(row);
          lo.push(-Infinity);
          hi.push(0);
        }
      }
      const colLower = Array(cols).fill(0) as number[];
      colLower[2 * n] = -Infinity;
      const sol = solveLinearProgram({ sense: 'minimize', cost, A: rows, rowLower: lo, rowUpper: hi, colLower });
      expect(sol.status).to.equal('optimal');
      return sol.objective;
    }

    it('the robust optimum is the fixed point of the LP Bellman operator, and its policy attains it', () => {
      const rng = new Rng(4);
      const mdp = randomMdp(rng, 4, 3);
      const robust = new RobustMDP({ nominal: mdp, kind: 's', radius: [0.2, 0.7, 1.3, 0.05] });
      const opt = robustValueIteration(robust, { tolerance: 1e-11 });
      for (let s = 0; s < 4; s++) expect(stateLp(robust, s, opt.V)).to.be.closeTo(opt.V[s] as number, 1e-8);
      const ev = robustPolicyEvaluation(robust, opt.policy);
      expect(maxAbsDiff(ev.V, opt.V)).to.be.below(1e-8);
      // A randomised optimal policy exists here, as s-rectangular sets allow.
      expect(Array.from(opt.policy).some((p) => p > 1e-6 && p < 1 - 1e-6)).to.equal(true);
    });

    it("a policy's worst case is the fixed point of the LP evaluation operator", () => {
      const rng = new Rng(5);
      const mdp = randomMdp(rng, 4, 3);
      const robust = new RobustMDP({ nominal: mdp, kind: 's', radius: 0.6 });
      const pi = randomPolicy(rng, 4, 3);
      const ev = robustPolicyEvaluation(robust, pi);
      for (let s = 0; s < 4; s++) expect(stateLp(robust, s, ev.V, pi)).to.be.closeTo(ev.V[s] as number, 1e-9);
      const K = worstCaseResponse(robust, pi, ev.V);
      expect(maxAbsDiff(evaluate(mdp, robust.rewards, pi, K), ev.V)).to.be.below(1e-9);
    });
  });

  it('robustGarnet draws the paper\'s instances: nominal support kept, radii in [0.1, 0.5], costs in [0, 5]', () => {
    const g = robustGarnet({ S: 5, A: 4, branching: 3, seed: 7 });
    expect(g.radius.length).to.equal(20);
    for (const k of g.radius) expect(k).to.be.within(0.1, 0.5);
    for (const r of g.rewards) expect(r).to.be.within(-5, 0);
    for (let sa = 0; sa < 20; sa++) expect((g.supportStart[sa + 1] as number) - (g.supportStart[sa] as number)).to.equal(3);
    const ev = robustPolicyEvaluation(g, new Float64Array(20).fill(0.25));
    for (let i = 0; i < ev.kernel.length; i++) if (g.nominal.P[i] === 0) expect(ev.kernel[i]).to.equal(0);
    expect(robustGarnet({ S: 5, A: 4, branching: 3, seed: 7 }).rewards).to.deep.equal(g.rewards);
  });
});
