import { Matrix, solve } from 'ml-matrix';
import { InvalidArgumentError } from '../../core/errors.js';
import { policyTransition } from './exact.js';
import type { TabularMDP } from './mdp.js';

/**
 * The probability that policy table π, started from μ0, ever enters a state of `target` (undiscounted): the
 * solution x of x(s) = 1 on targets and x(s) = Σ_s' P_π(s, s') x(s') elsewhere, with x = 0 on terminal non-target
 * states. Needs every non-target state to leave eventually (true when each can reach a terminal or target state,
 * e.g. any grid with slip > 0); throws otherwise. With `horizon`, the probability of a hit within that many steps
 * (forward propagation of the state distribution, targets absorbing), which needs no such condition.
 */
export function hitProbability(mdp: TabularMDP, pi: Float64Array, target: ArrayLike<boolean | number>, horizon?: number): number {
  const { S } = mdp;
  if (target.length !== S) throw new InvalidArgumentError(`hitProbability: target must have S = ${S} entries, got ${target.length}`);
  const Ppi = policyTransition(mdp, pi);
  if (horizon !== undefined) return hitWithin(mdp, Ppi, target, horizon);
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

/** P(hit within `horizon` steps): push μ0 through P_π, moving the mass that reaches a target out of play. */
function hitWithin(mdp: TabularMDP, Ppi: Float64Array, target: ArrayLike<boolean | number>, horizon: number): number {
  const { S } = mdp;
  if (!Number.isInteger(horizon) || horizon < 0) throw new InvalidArgumentError(`hitProbability: horizon must be an integer >= 0, got ${horizon}`);
  let dist = Float64Array.from(mdp.mu0);
  let hit = 0;
  for (let s = 0; s < S; s++) if (target[s]) hit += dist[s] as number, (dist[s] = 0);
  for (let t = 0; t < horizon; t++) {
    const next = new Float64Array(S);
    for (let s = 0; s < S; s++) {
      const m = dist[s] as number;
      if (m === 0) continue;
      for (let s2 = 0; s2 < S; s2++) next[s2] = (next[s2] as number) + m * (Ppi[s * S + s2] as number);
    }
    for (let s = 0; s < S; s++) if (target[s]) hit += next[s] as number, (next[s] = 0);
    dist = next;
  }
  return hit;
}
