import { InvalidArgumentError, describeValue } from '../../core/errors.js';
import { solveZeroSum } from '../zero-sum.js';
import type { TabularMarkovGame } from './markov-game.js';

/** The minimax solution of a two-player zero-sum Markov game. */
export interface ShapleySolution {
  /** The row player's (player 0's) minimax value per state. */
  readonly V: Float64Array;
  /** Per-state equilibrium strategies, `S·A_0` for player 0 and `S·A_1` for player 1. */
  readonly policies: readonly [Float64Array, Float64Array];
  readonly iterations: number;
}

/** The stage game at s under continuation values V: G[a][b] = R_0(s, a, b) + γ Σ_{s'} P(s'|s, a, b) V(s'). */
export function stageGame(game: TabularMarkovGame, V: ArrayLike<number>, s: number): number[][] {
  const [m, k] = game.numActions as [number, number];
  const { S, numJoint: J } = game;
  return Array.from({ length: m }, (_, a) =>
    Array.from({ length: k }, (_, b) => {
      const j = a * k + b;
      let next = 0;
      for (let s2 = 0; s2 < S; s2++) next += (game.P[(s * J + j) * S + s2] as number) * (V[s2] as number);
      return (game.R[0]![s * J + j] as number) + game.gamma * next;
    }),
  );
}

/**
 * Shapley's (1953) value iteration for a two-player zero-sum Markov game: V ← val(R + γPV) with one LP per state
 * (`solveZeroSum`), stopped when ‖V_{k+1} − V_k‖∞ ≤ tolerance·(1 − γ)/γ, which puts V within `tolerance` of the
 * minimax value (the operator is a γ-contraction). Needs `await loadLpSolver()` first.
 */
export function shapleyValueIteration(game: TabularMarkovGame, opts: { tolerance?: number; maxIterations?: number } = {}): ShapleySolution {
  if (game.numPlayers !== 2 || !game.isZeroSum()) throw new InvalidArgumentError(`shapleyValueIteration: ${game.name} is not a two-player zero-sum Markov game`);
  const tolerance = opts.tolerance ?? 1e-10;
  const maxIterations = opts.maxIterations ?? 10_000;
  if (!(tolerance > 0)) throw new InvalidArgumentError(`shapleyValueIteration: tolerance must be > 0, got ${describeValue(tolerance)}`);
  const { S, gamma } = game;
  const [m, k] = game.numActions as [number, number];
  const threshold = gamma > 0 ? (tolerance * (1 - gamma)) / gamma : Infinity;
  let V = new Float64Array(S);
  for (let it = 1; it <= maxIterations; it++) {
    const row = new Float64Array(S * m);
    const col = new Float64Array(S * k);
    const next = new Float64Array(S);
    for (let s = 0; s < S; s++) {
      const sol = solveZeroSum(stageGame(game, V, s));
      next[s] = sol.value;
      row.set(sol.row, s * m);
      col.set(sol.col, s * k);
    }
    let diff = 0;
    for (let s = 0; s < S; s++) diff = Math.max(diff, Math.abs((next[s] as number) - (V[s] as number)));
    V = next;
    if (diff <= threshold) return { V, policies: [row, col], iterations: it };
  }
  throw new InvalidArgumentError(`shapleyValueIteration on ${game.name}: no convergence to ${tolerance} in ${maxIterations} sweeps; raise maxIterations`);
}
