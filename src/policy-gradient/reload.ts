import type { TabularCMDP } from '../envs/constrained/tabular-cmdp.js';
import { exactLagrangianOracle, lagrangianAscentDescent, type LagrangianOptions, type LagrangianResult, type StepDirection } from './lagrangian.js';
import { sampledLagrangianOracle, type SampledOracleOptions } from './sampled-oracle.js';

/**
 * The optimistic direction 2·g_t − g_{t−1} that ReLOAD takes for both players (Moskovitz et al. 2023; the optimistic
 * gradient of Popov 1980 and Daskalakis et al. 2018); pure, writes into `out`. The paper's equation number could
 * not be checked here (its full text was not available), so none is cited.
 */
export const optimisticDirection: StepDirection = (g, gPrev, out) => {
  for (let k = 0; k < g.length; k++) out[k] = 2 * (g[k] as number) - (gPrev[k] as number); // ReLOAD's optimistic step: 2g_t − g_{t−1}
  return out;
};

/**
 * Exact tabular ReLOAD (Moskovitz et al. 2023): Lagrangian ascent-descent with exact Q (linear solves), softmax
 * policy by optimistic mirror ascent and multipliers by optimistic projected gradient, whose last iterate converges
 * to the CMDP's optimum where GDA's only averages do.
 */
export function exactReload(cmdp: TabularCMDP, opts: LagrangianOptions): LagrangianResult {
  return lagrangianAscentDescent(cmdp, exactLagrangianOracle(cmdp, { occupancy: opts.policyUpdate === 'softmax-pg' }), optimisticDirection, opts);
}

/** Sample-based tabular ReLOAD: the exact agent's updates on Q and V estimated from fresh samples each
 * iteration; the recorded values of the iterates are exact. */
export function sampledReload(cmdp: TabularCMDP, opts: LagrangianOptions & SampledOracleOptions): LagrangianResult {
  return lagrangianAscentDescent(cmdp, sampledLagrangianOracle(cmdp, { ...opts, occupancy: opts.policyUpdate === 'softmax-pg' }), optimisticDirection, opts, exactLagrangianOracle(cmdp));
}
