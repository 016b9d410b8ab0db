import { dot, evaluatePolicy, qFromValues } from '../tabular/exact.js';
import type { TabularCMDP } from './tabular-cmdp.js';

/** The exact values of a policy on a `TabularCMDP`: reward and each cost, from μ0 and per state and action. */
export interface CmdpValues {
  /** μ0ᵀV_r^π. */
  readonly Vr: number;
  /** μ0ᵀV_ci^π, one per constraint. */
  readonly Vc: Float64Array;
  readonly Vrs: Float64Array;
  readonly Qr: Float64Array;
  /** V_ci^π[s], one array per constraint. */
  readonly Vcs: readonly Float64Array[];
  /** Q_ci^π[s*A + a], one array per constraint. */
  readonly Qc: readonly Float64Array[];
}

/** The exact reward and cost values of policy table π (rows on the simplex), each by a linear solve. */
export function evaluateCmdpPolicy(cmdp: TabularCMDP, pi: Float64Array): CmdpValues {
  const Vrs = evaluatePolicy(cmdp, pi);
  const Vcs = cmdp.costModels.map((model) => evaluatePolicy(model, pi));
  return {
    Vr: dot(cmdp.mu0, Vrs),
    Vc: Float64Array.from(Vcs, (V) => dot(cmdp.mu0, V)),
    Vrs,
    Qr: qFromValues(cmdp, Vrs),
    Vcs,
    Qc: cmdp.costModels.map((model, i) => qFromValues(model, Vcs[i] as Float64Array)),
  };
}
