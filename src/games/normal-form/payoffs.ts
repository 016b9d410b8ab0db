import { InvalidArgumentError } from '../../core/errors.js';
import { checkDistribution, type NormalFormGame, type Profile } from './game.js';

/** Probability of joint action `joint` under the product of the players' strategies, leaving out `skip` (or none). */
function productProbability(game: NormalFormGame, profile: Profile, joint: number, skip: number): number {
  let p = 1;
  for (let j = 0; j < game.numPlayers; j++) if (j !== skip) p *= profile[j]![game.actionOf(joint, j)] as number;
  return p;
}

/** Each player's expected payoff u_i(x) when the players play the independent strategies of `profile`. */
export function expectedPayoffs(game: NormalFormGame, profile: Profile): Float64Array {
  game.checkProfile(profile, `${game.name} expectedPayoffs`);
  const out = new Float64Array(game.numPlayers);
  for (let joint = 0; joint < game.numJoint; joint++) {
    const p = productProbability(game, profile, joint, -1);
    if (p === 0) continue;
    for (let i = 0; i < game.numPlayers; i++) out[i]! += p * (game.payoffs[i]![joint] as number);
  }
  return out;
}

/** u_i(a, x_−i) for each action a of `player`: its payoff for each pure action against the others' strategies. */
export function actionValues(game: NormalFormGame, profile: Profile, player: number): Float64Array {
  game.checkProfile(profile, `${game.name} actionValues`);
  if (!Number.isInteger(player) || player < 0 || player >= game.numPlayers) {
    throw new InvalidArgumentError(`${game.name} actionValues: player must be an integer in [0, ${game.numPlayers - 1}], got ${player}`);
  }
  const out = new Float64Array(game.numActions[player] as number);
  const table = game.payoffs[player] as Float64Array;
  for (let joint = 0; joint < game.numJoint; joint++) {
    const p = productProbability(game, profile, joint, player);
    if (p !== 0) out[game.actionOf(joint, player)]! += p * (table[joint] as number);
  }
  return out;
}

/** A best response of `player` to the others' strategies: the lowest-index maximising action and its payoff. */
export function bestResponse(game: NormalFormGame, profile: Profile, player: number): { readonly action: number; readonly value: number } {
  const values = actionValues(game, profile, player);
  let action = 0;
  for (let a = 1; a < values.length; a++) if ((values[a] as number) > (values[action] as number)) action = a;
  return { action, value: values[action] as number };
}

/** Each player's best-response gain max_a u_i(a, x_−i) − u_i(x) (non-negative up to rounding). */
export function bestResponseGains(game: NormalFormGame, profile: Profile): Float64Array {
  const u = expectedPayoffs(game, profile);
  return u.map((ui, i) => bestResponse(game, profile, i).value - ui);
}

/** NashConv: Σ_i [max_a u_i(a, x_−i) − u_i(x)], zero exactly at a Nash equilibrium. */
export function nashConv(game: NormalFormGame, profile: Profile): number {
  return bestResponseGains(game, profile).reduce((a, b) => a + b, 0);
}

function checkZeroSum(game: NormalFormGame, where: string): void {
  if (game.numPlayers !== 2 || !game.isZeroSum()) throw new InvalidArgumentError(`${where}: ${game.name} is not a two-player zero-sum game`);
}

/**
 * The duality gap of (x, y) in a two-player zero-sum game: max_x' u_0(x', y) − min_y' u_0(x, y'), the value the
 * row player could guarantee itself over what the column player could hold it to; equals NashConv there.
 */
export function dualityGap(game: NormalFormGame, profile: Profile): number {
  checkZeroSum(game, 'dualityGap');
  return nashConv(game, profile);
}

/** Exploitability of a two-player zero-sum profile, OpenSpiel's convention: NashConv / 2 (the mean best-response gain). */
export function exploitability(game: NormalFormGame, profile: Profile): number {
  checkZeroSum(game, 'exploitability');
  return nashConv(game, profile) / 2;
}

/** The joint distribution Π_i x_i(a_i) over joint actions of independent strategies. */
export function productDistribution(game: NormalFormGame, profile: Profile): Float64Array {
  game.checkProfile(profile, `${game.name} productDistribution`);
  return Float64Array.from({ length: game.numJoint }, (_, joint) => productProbability(game, profile, joint, -1));
}

/**
 * G[a·k + b] = Σ_{a_−i} σ(a, a_−i)[u_i(b, a_−i) − u_i(a, a_−i)]: player i's gain from playing b whenever told a,
 * under the joint distribution σ (k = player i's number of actions).
 */
function swapGains(game: NormalFormGame, sigma: ArrayLike<number>, player: number): Float64Array {
  const k = game.numActions[player] as number;
  const stride = game.strides[player] as number;
  const table = game.payoffs[player] as Float64Array;
  const G = new Float64Array(k * k);
  for (let joint = 0; joint < game.numJoint; joint++) {
    const p = sigma[joint] as number;
    if (p === 0) continue;
    const a = game.actionOf(joint, player);
    const base = joint - a * stride;
    const u = table[joint] as number;
    for (let b = 0; b < k; b++) G[a * k + b]! += p * ((table[base + b * stride] as number) - u);
  }
  return G;
}

/**
 * Correlated-equilibrium gap of a joint distribution σ: Σ_i Σ_a max_b G_i[a, b], each player's best swap deviation
 * (a different reply b to each recommendation a); zero exactly at a correlated equilibrium.
 */
export function correlatedEquilibriumGap(game: NormalFormGame, sigma: ArrayLike<number>): number {
  checkDistribution(`${game.name} correlatedEquilibriumGap: sigma`, sigma, game.numJoint);
  let total = 0;
  for (let i = 0; i < game.numPlayers; i++) {
    const k = game.numActions[i] as number;
    const G = swapGains(game, sigma, i);
    for (let a = 0; a < k; a++) {
      let best = 0;
      for (let b = 0; b < k; b++) best = Math.max(best, G[a * k + b] as number);
      total += best;
    }
  }
  return total;
}

/**
 * Coarse-correlated-equilibrium gap of σ: Σ_i max_b Σ_a G_i[a, b], each player's best fixed deviation ignoring its
 * recommendation; zero exactly at a coarse correlated equilibrium, and NashConv when σ is a product.
 */
export function coarseCorrelatedEquilibriumGap(game: NormalFormGame, sigma: ArrayLike<number>): number {
  checkDistribution(`${game.name} coarseCorrelatedEquilibriumGap: sigma`, sigma, game.numJoint);
  let total = 0;
  for (let i = 0; i < game.numPlayers; i++) {
    const k = game.numActions[i] as number;
    const G = swapGains(game, sigma, i);
    let best = 0;
    for (let b = 0; b < k; b++) {
      let gain = 0;
      for (let a = 0; a < k; a++) gain += G[a * k + b] as number;
      best = Math.max(best, gain);
    }
    total += best;
  }
  return total;
}
