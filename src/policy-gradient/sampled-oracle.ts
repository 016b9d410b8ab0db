import { checkInteger } from '../core/checks.js';
import { Rng } from '../core/rng.js';
import { TabularCMDP } from '../envs/constrained/tabular-cmdp.js';
import { modelEstimate, type LagrangianOracle } from './lagrangian.js';

/** Options of the sample-based Lagrangian agents. */
export interface SampledOracleOptions {
  /** Next states drawn per (s, a) pair per iteration; default 10. */
  readonly samplesPerPair?: number;
  /** Seed of the sampling stream; default 0. */
  readonly seed?: number | string;
  /** Also estimate the occupancy d_μ0^π (on the empirical model), as `policyUpdate: 'softmax-pg'` needs; default false. */
  readonly occupancy?: boolean;
}

/**
 * A sample-based oracle: each iteration draws `samplesPerPair` next states of every (s, a) from the CMDP as a
 * generative model, and evaluates the policy exactly on that empirical model P̂ (Q_r, Q_ci and the values from μ0),
 * so the estimates are fresh and noisy (error O(1/√n)) while the updates stay those of the exact agents.
 */
export function sampledLagrangianOracle(cmdp: TabularCMDP, opts: SampledOracleOptions = {}): LagrangianOracle {
  const n = opts.samplesPerPair ?? 10;
  checkInteger('samplesPerPair', n, 1);
  const rng = new Rng(opts.seed ?? 0);
  const { S, A } = cmdp;
  const counts = new Int32Array(S * A * S);
  const Phat = new Float64Array(S * A * S);
  const R = new Float64Array(S * A);
  const terminal = Array.from(cmdp.terminal);
  return (pi) => {
    counts.fill(0);
    R.fill(0);
    for (let s = 0; s < S; s++) {
      for (let a = 0; a < A; a++) {
        const sa = s * A + a;
        for (let k = 0; k < n; k++) {
          const s2 = cmdp.sampleNext(s, a, rng.random());
          counts[sa * S + s2] = (counts[sa * S + s2] as number) + 1;
          R[sa] = (R[sa] as number) + cmdp.reward(s, a, s2) / n;
        }
      }
    }
    // Integer counts over n: each row sums to 1 up to rounding, well within the MDP's 1e-9 check.
    for (let k = 0; k < counts.length; k++) Phat[k] = (counts[k] as number) / n;
    const model = new TabularCMDP({ S, A, P: Phat, R, gamma: cmdp.gamma, mu0: cmdp.mu0, terminal, costs: cmdp.costs, budgets: cmdp.budgets });
    return modelEstimate(model, pi, opts.occupancy ?? false);
  };
}
