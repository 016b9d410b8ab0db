import type { TabularCMDP } from '../envs/constrained/tabular-cmdp.js';
import { exactLagrangianOracle, gdaDirection, lagrangianAscentDescent, type LagrangianOptions, type LagrangianResult } from './lagrangian.js';
import { sampledLagrangianOracle, type SampledOracleOptions } from './sampled-oracle.js';

/**
 * Exact tabular Lagrangian gradient descent-ascent, the baseline of ReLOAD: mirror ascent on the policy and projected
 * gradient on the multipliers along the current gradients (e.g. Ding et al. 2020's NPG primal-dual), whose
 * averages converge while the last iterate may cycle.
 */
export function exactLagrangianGda(cmdp: TabularCMDP, opts: LagrangianOptions): LagrangianResult {
  return lagrangianAscentDescent(cmdp, exactLagrangianOracle(cmdp, { occupancy: opts.policyUpdate === 'softmax-pg' }), gdaDirection, opts);
}

/** Sample-based tabular Lagrangian GDA, on the same sampled estimates as `sampledReload`; the recorded values are exact. */
export function sampledLagrangianGda(cmdp: TabularCMDP, opts: LagrangianOptions & SampledOracleOptions): LagrangianResult {
  return lagrangianAscentDescent(cmdp, sampledLagrangianOracle(cmdp, { ...opts, occupancy: opts.policyUpdate === 'softmax-pg' }), gdaDirection, opts, exactLagrangianOracle(cmdp));
}
