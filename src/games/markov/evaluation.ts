import { Matrix, solve } from 'ml-matrix';
import { InvalidArgumentError } from '../../core/errors.js';
import { dot, qFromValues, valueIteration, type SolverOptions } from '../../envs/tabular/exact.js';
import { TabularMDP } from '../../envs/tabular/mdp.js';
import { checkJointPolicy, marginalPolicy } from './joint-policy.js';
import type { TabularMarkovGame } from './markov-game.js';

/** Each player's value V_i^σ(s) of the joint policy σ, exactly: V_i = (I − γP_σ)⁻¹ r_{i,σ}. */
export function evaluateJointPolicy(game: TabularMarkovGame, sigma: ArrayLike<number>): Float64Array[] {
  checkJointPolicy(game, sigma, `evaluateJointPolicy(${game.name})`);
  const { S, numJoint: J, gamma } = game;
  const M = Matrix.eye(S, S);
  const r = Matrix.zeros(S, game.numPlayers);
  for (let s = 0; s < S; s++) {
    for (let j = 0; j < J; j++) {
      const p = sigma[s * J + j] as number;
      if (p === 0) continue;
      for (let s2 = 0; s2 < S; s2++) M.set(s, s2, M.get(s, s2) - gamma * p * (game.P[(s * J + j) * S + s2] as number));
      for (let i = 0; i < game.numPlayers; i++) r.set(s, i, r.get(s, i) + p * (game.R[i]![s * J + j] as number));
    }
  }
  const V = solve(M, r);
  return Array.from({ length: game.numPlayers }, (_, i) => Float64Array.from(V.getColumn(i)));
}

/** Each player's expected return μ0·V_i^σ. */
export function jointPolicyReturns(game: TabularMarkovGame, sigma: ArrayLike<number>): Float64Array {
  return Float64Array.from(evaluateJointPolicy(game, sigma), (V) => dot(game.mu0, V));
}

function checkPlayer(game: TabularMarkovGame, player: number, where: string): void {
  if (!Number.isInteger(player) || player < 0 || player >= game.numPlayers) throw new InvalidArgumentError(`${where}: player must be an integer in [0, ${game.numPlayers - 1}], got ${player}`);
}

/**
 * The single-agent MDP player i faces when the others follow σ and it ignores σ's recommendation to it: in state s
 * the others' joint action is drawn from σ's marginal over them, and player i picks its own action.
 */
export function inducedMdp(game: TabularMarkovGame, sigma: ArrayLike<number>, player: number): TabularMDP {
  checkJointPolicy(game, sigma, `inducedMdp(${game.name})`);
  checkPlayer(game, player, 'inducedMdp');
  const { S, numJoint: J } = game;
  const A = game.numActions[player] as number;
  const stride = game.strides[player] as number;
  const P = new Float64Array(S * A * S);
  const R = new Float64Array(S * A);
  for (let s = 0; s < S; s++) {
    for (let j = 0; j < J; j++) {
      const p = sigma[s * J + j] as number;
      if (p === 0) continue;
      const base = j - game.actionOf(j, player) * stride; // the same others' actions with player i's set to 0
      for (let b = 0; b < A; b++) {
        const jb = base + b * stride;
        R[s * A + b]! += p * (game.R[player]![s * J + jb] as number);
        for (let s2 = 0; s2 < S; s2++) P[(s * A + b) * S + s2]! += p * (game.P[(s * J + jb) * S + s2] as number);
      }
    }
    renormaliseRows(P, s * A, A, S);
  }
  return new TabularMDP({ S, A, P, R, gamma: game.gamma, mu0: game.mu0, name: `${game.name}[player ${player} vs σ]` });
}

/**
 * Player i's action values under σ, `Q[s*A_i + a]` = Σ_{a_−i} σ_−i(a_−i|s)[R_i(s, a, a_−i) + γ Σ_{s'} P(s'|s, a, a_−i) V_i^σ(s')]:
 * the gains a per-state learner of player i sees in policy optimisation.
 */
export function playerQValues(game: TabularMarkovGame, sigma: ArrayLike<number>, player: number, V: ArrayLike<number> = evaluateJointPolicy(game, sigma)[player] as Float64Array): Float64Array {
  return qFromValues(inducedMdp(game, sigma, player), Float64Array.from(V));
}

/** Rescales rows `first .. first+count` of an S-column table to sum exactly to 1 (σ may be off by 1e-8). */
function renormaliseRows(P: Float64Array, first: number, count: number, S: number): void {
  for (let row = first; row < first + count; row++) {
    let total = 0;
    for (let s2 = 0; s2 < S; s2++) total += P[row * S + s2] as number;
    for (let s2 = 0; s2 < S; s2++) P[row * S + s2]! /= total;
  }
}

/** Player i's best-response value and a deterministic best response to the others under σ, by value iteration on the induced MDP. */
export function markovBestResponse(game: TabularMarkovGame, sigma: ArrayLike<number>, player: number, opts: SolverOptions = {}): { readonly V: Float64Array; readonly policy: Int32Array; readonly value: number } {
  const sol = valueIteration(inducedMdp(game, sigma, player), { tolerance: 1e-12, ...opts });
  return { V: sol.V, policy: sol.policy, value: dot(game.mu0, sol.V) };
}

/**
 * NashConv of a joint policy: Σ_i max(0, max_π μ0·V_i^{π, σ_−i} − μ0·V_i^σ). Zero exactly at a Nash equilibrium
 * for a product σ; for a correlated σ it is the coarse-correlated-equilibrium gap (each deviation ignores σ's
 * advice, and may do worse than obeying it, hence the clip at 0 per player).
 */
export function markovNashConv(game: TabularMarkovGame, sigma: ArrayLike<number>, opts: SolverOptions = {}): number {
  const values = jointPolicyReturns(game, sigma);
  let total = 0;
  for (let i = 0; i < game.numPlayers; i++) total += Math.max(0, markovBestResponse(game, sigma, i, opts).value - (values[i] as number));
  return total;
}

/**
 * Player i's best swap deviation against σ: the MDP on (state, recommended action) in which player i, told a_i,
 * picks b; the others' actions come from σ conditioned on a_i, and the next recommendation from σ at s'.
 */
function swapDeviationMdp(game: TabularMarkovGame, sigma: ArrayLike<number>, player: number): TabularMDP {
  const { S, numJoint: J } = game;
  const A = game.numActions[player] as number;
  const stride = game.strides[player] as number;
  const marginal = marginalPolicy(game, sigma, player);
  const SA = S * A;
  const P = new Float64Array(SA * A * SA);
  const R = new Float64Array(SA * A);
  for (let s = 0; s < S; s++) {
    // Recommendations σ never gives at s (unreachable) get the others' marginal, so every row is a distribution.
    const unreachable = Array.from({ length: A }, (_, k) => k).filter((k) => (marginal[s * A + k] as number) === 0);
    for (let j = 0; j < J; j++) {
      const pj = sigma[s * J + j] as number;
      if (pj === 0) continue;
      const a = game.actionOf(j, player);
      const base = j - a * stride;
      const rows: [number, number][] = [[a, pj / (marginal[s * A + a] as number)], ...unreachable.map((u): [number, number] => [u, pj])];
      for (const [rec, p] of rows) {
        const x = s * A + rec;
        for (let b = 0; b < A; b++) {
          const jb = base + b * stride;
          R[x * A + b]! += p * (game.R[player]![s * J + jb] as number);
          for (let s2 = 0; s2 < S; s2++) {
            const q = p * (game.P[(s * J + jb) * S + s2] as number);
            if (q === 0) continue;
            for (let a2 = 0; a2 < A; a2++) P[(x * A + b) * SA + s2 * A + a2]! += q * (marginal[s2 * A + a2] as number);
          }
        }
      }
    }
  }
  renormaliseRows(P, 0, SA * A, SA);
  const mu0 = Float64Array.from({ length: SA }, (_, x) => (game.mu0[Math.floor(x / A)] as number) * (marginal[x] as number));
  const mass = mu0.reduce((u, v) => u + v, 0);
  return new TabularMDP({ S: SA, A, P, R, gamma: game.gamma, mu0: mu0.map((m) => m / mass), name: `${game.name}[player ${player} swap vs σ]` });
}

/**
 * Correlated-equilibrium gap of a joint Markov policy: Σ_i [best value of player i when it may swap each
 * recommended action for another, per state − μ0·V_i^σ]. Zero exactly when σ is a (Markov) correlated equilibrium;
 * at least the CCE gap {@link markovNashConv}.
 */
export function markovCorrelatedEquilibriumGap(game: TabularMarkovGame, sigma: ArrayLike<number>, opts: SolverOptions = {}): number {
  const values = jointPolicyReturns(game, sigma);
  let total = 0;
  for (let i = 0; i < game.numPlayers; i++) {
    const mdp = swapDeviationMdp(game, sigma, i);
    // Obeying is one of the swaps, so the gain is ≥ 0 up to the solver's tolerance; the clip drops that rounding.
    total += Math.max(0, dot(mdp.mu0, valueIteration(mdp, { tolerance: 1e-12, ...opts }).V) - (values[i] as number));
  }
  return total;
}
