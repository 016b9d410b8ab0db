import { InvalidArgumentError, StateError } from '../../core/errors.js';
import { loadLpSolver, solveLinearProgram, type LinearProgram } from '../../core/lp.js';
import { evaluateCmdpPolicy } from './cmdp-values.js';
import type { TabularCMDP } from './tabular-cmdp.js';

/** The exact optimum of a `TabularCMDP`. */
export interface CmdpSolution {
  /** The optimal (possibly stochastic) policy, `policy[s*A + a]`; uniform in states the optimum never visits. */
  readonly policy: Float64Array;
  /** μ0ᵀV_r of `policy`, the optimal constrained value V_r*. */
  readonly Vr: number;
  /** μ0ᵀV_ci of `policy`, one per constraint. */
  readonly Vc: Float64Array;
  /** The optimal Lagrange multipliers μ_i* ≥ 0 (the LP duals of the budget rows, the derivative of V_r* in b_i). */
  readonly multipliers: Float64Array;
  /** The optimal discounted occupancy x(s, a) = Σ_t γ^t P(s_t = s, a_t = a). */
  readonly occupancy: Float64Array;
}

/** Duals below this are rounding, not a binding constraint. */
const DUAL_ZERO = 1e-12;

/**
 * The occupancy-measure LP of a CMDP (Altman 1999, eq. 3.5): over x(s, a) ≥ 0, the flow rows
 * Σ_a x(s', a) − γ Σ_{s,a} P(s'|s, a) x(s, a) = μ0(s') and, when `budgets` is given, the rows C_i·x ≤ b_i.
 */
function occupancyLp(cmdp: TabularCMDP, sense: LinearProgram['sense'], cost: Float64Array, budgets: boolean): LinearProgram {
  const { S, A, P, gamma, mu0 } = cmdp;
  const rows: Float64Array[] = [];
  for (let s2 = 0; s2 < S; s2++) {
    const row = new Float64Array(S * A);
    for (let sa = 0; sa < S * A; sa++) row[sa] = (Math.floor(sa / A) === s2 ? 1 : 0) - gamma * (P[sa * S + s2] as number);
    rows.push(row);
  }
  const lower = Array.from(mu0);
  const upper = Array.from(mu0);
  if (budgets) {
    cmdp.costs.forEach((c, i) => {
      rows.push(c);
      lower.push(-Infinity);
      upper.push(cmdp.budgets[i] as number);
    });
  }
  return { sense, cost, A: rows, rowLower: lower, rowUpper: upper };
}

/** The smallest discounted cost μ0ᵀV_ci any policy achieves, for constraint i alone. */
export async function minimumCost(cmdp: TabularCMDP, i: number): Promise<number> {
  const c = cmdp.costs[i];
  if (c === undefined) throw new InvalidArgumentError(`minimumCost: constraint index ${i} is outside 0..${cmdp.m - 1} of ${cmdp}`);
  await loadLpSolver();
  const sol = solveLinearProgram(occupancyLp(cmdp, 'minimize', c, false));
  if (sol.status !== 'optimal') throw new StateError(`minimumCost on ${cmdp}: the flow LP returned status ${sol.status}`);
  return sol.objective;
}

/**
 * The exact optimum of a CMDP, max_π μ0ᵀV_r^π subject to μ0ᵀV_ci^π ≤ b_i, by linear programming over discounted
 * occupancy measures (HiGHS); the policy is π(a|s) ∝ x(s, a), and the multipliers are the budget rows' duals.
 * Infeasible budgets throw `InvalidArgumentError` reporting each constraint's smallest achievable cost.
 */
export async function solveCmdp(cmdp: TabularCMDP): Promise<CmdpSolution> {
  await loadLpSolver();
  const { S, A } = cmdp;
  const sol = solveLinearProgram(occupancyLp(cmdp, 'maximize', cmdp.R, true));
  if (sol.status === 'infeasible') {
    const lines: string[] = [];
    for (let i = 0; i < cmdp.m; i++) {
      const least = await minimumCost(cmdp, i);
      const c = cmdp.constraints[i];
      lines.push(`${JSON.stringify(c?.name)}: budget ${c?.budget}, smallest achievable discounted cost ${least}${least > (c?.budget ?? 0) ? ' (infeasible)' : ''}`);
    }
    throw new InvalidArgumentError(`solveCmdp on ${cmdp}: no policy meets the budgets; ${lines.join('; ')}`);
  }
  if (sol.status !== 'optimal') throw new StateError(`solveCmdp on ${cmdp}: the LP returned status ${sol.status}`);
  const x = sol.x;
  const policy = new Float64Array(S * A);
  for (let s = 0; s < S; s++) {
    let mass = 0;
    for (let a = 0; a < A; a++) mass += Math.max(0, x[s * A + a] as number);
    for (let a = 0; a < A; a++) policy[s * A + a] = mass > 0 ? Math.max(0, x[s * A + a] as number) / mass : 1 / A;
  }
  // HiGHS's dual is d objective / d bound in the objective's sense: for a maximisation, ≥ 0 on a binding ≤ row.
  const multipliers = Float64Array.from({ length: cmdp.m }, (_, i) => {
    const d = sol.rowDuals[S + i] as number;
    return d > DUAL_ZERO ? d : 0;
  });
  const values = evaluateCmdpPolicy(cmdp, policy);
  return { policy, Vr: values.Vr, Vc: values.Vc, multipliers, occupancy: Float64Array.from(x) };
}
