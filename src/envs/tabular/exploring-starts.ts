import { TabularMDP } from './mdp.js';

/**
 * The states reachable from μ0's support under some sequence of actions (breadth-first search on the kernel's
 * support): a grid's walls, never occupied, are not among them.
 */
export function reachableStates(mdp: TabularMDP): Uint8Array {
  const { S, A, P } = mdp;
  const seen = new Uint8Array(S);
  const queue: number[] = [];
  for (let s = 0; s < S; s++) if ((mdp.mu0[s] as number) > 0) (seen[s] = 1), queue.push(s);
  while (queue.length > 0) {
    const s = queue.pop() as number;
    for (let a = 0; a < A; a++) {
      for (let s2 = 0; s2 < S; s2++) if (seen[s2] === 0 && (P[(s * A + a) * S + s2] as number) > 0) (seen[s2] = 1), queue.push(s2);
    }
  }
  return seen;
}

/**
 * A copy of `mdp` whose episodes start uniformly over its reachable non-terminal states (exploring starts, Sutton &
 * Barto §5.3): the exploratory start distribution ρ > 0 that the global-convergence results for policy gradient
 * assume (Agarwal et al. 2021; Mei et al. 2020). Train on it, evaluate on `mdp`.
 */
export function exploringStarts(mdp: TabularMDP): TabularMDP {
  const reachable = reachableStates(mdp);
  const mu0 = new Float64Array(mdp.S);
  for (let s = 0; s < mdp.S; s++) if (reachable[s] === 1 && mdp.terminal[s] !== 1) mu0[s] = 1;
  const n = mu0.reduce((x, y) => x + y, 0);
  for (let s = 0; s < mdp.S; s++) mu0[s] = (mu0[s] as number) / n;
  return new TabularMDP({
    S: mdp.S,
    A: mdp.A,
    P: mdp.P,
    ...(mdp.Rsas !== undefined ? { Rsas: mdp.Rsas } : { R: mdp.R }),
    gamma: mdp.gamma,
    mu0,
    terminal: mdp.terminal,
    name: `${mdp.name} with exploring starts`,
    ...(mdp.horizon !== undefined ? { horizon: mdp.horizon } : {}),
  });
}
