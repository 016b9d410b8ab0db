import { Matrix, solve } from 'ml-matrix';
import { InvalidArgumentError } from '../../core/errors.js';
import { policyTransition } from './exact.js';
import type { TabularMDP } from './mdp.js';

/**
 * The probability that policy table π, started from μ0, ever enters a state of `target` (undiscounted): the
 * solution x of x(s) = 1 on targets and x(s) = Σ_s' P_π(s, s') x(s') elsewhere, with x = 0 on terminal non-target
 * states. Needs every non-target state to leave eventually (true when each can reach a terminal or target state,
 * e.g. any grid with slip > 0); throws otherwise.
 */
export function hitProbability(mdp: TabularMDP, pi: Float64Array, target: ArrayLike<boolean | number>): number {
  const { S } = mdp;
  if (target.length !== S) throw new InvalidArgumentError(`hitProbability: target must have S = ${S} entries, got ${target.length}`);
  const Ppi = policyTransition(mdp, pi);
  const M = new Matrix(S, S);
  const b = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    M.set(s, s, 1);
    if (target[s]) {
      b[s] = 1;
      continue;
    }
    if (mdp.terminal[s] === 1) continue;
    for (let s2 = 0; s2 < S; s2++) M.set(s, s2, M.get(s, s2) - (Ppi[s * S + s2] as number));
  }
  const x = solve(M, Matrix.columnVector(Array.from(b))).getColumn(0);
  if (x.some((v) => !Number.isFinite(v))) throw new InvalidArgumentError(`hitProbability on ${mdp}: the policy stays forever among non-target states; no finite solution`);
  let p = 0;
  for (let s = 0; s < S; s++) p += (mdp.mu0[s] as number) * (x[s] as number);
  return p;
}
