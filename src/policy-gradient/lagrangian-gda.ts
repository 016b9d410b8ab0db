import type { TabularCMDP } from '../envs/constrained/tabular-cmdp.js';
import { exactLagrangianOracle, gdaDirection, lagrangianAscentDescent, type LagrangianOptions, type LagrangianResult } from './lagrangian.js';

/**
 * Exact tabular Lagrangian gradient descent-ascent, the baseline of ReLOAD: mirror ascent on the policy and projected
 * gradient on the multipliers along the current gradients (e.g. Ding et al. 2020's NPG primal-dual), whose
 * averages converge while the last iterate may cycle.
 */
export function exactLagrangianGda(cmdp: TabularCMDP, opts: LagrangianOptions): LagrangianResult {
  return lagrangianAscentDescent(cmdp, exactLagrangianOracle(cmdp), gdaDirection, opts);
}
