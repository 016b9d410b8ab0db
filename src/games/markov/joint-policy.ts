import { InvalidArgumentError, describeValue } from '../../core/errors.js';
import { DISTRIBUTION_TOLERANCE } from '../normal-form/game.js';
import type { TabularMarkovGame } from './markov-game.js';

/**
 * A joint (correlated) Markov policy: `sigma[s*J + j]` is the probability of joint action j in state s, J the number
 * of joint actions. A product policy (each player on its own) is the special case built by {@link productPolicy}.
 */
export type JointPolicy = Float64Array;

/** Throws unless `sigma` is a distribution over joint actions in every state. */
export function checkJointPolicy(game: TabularMarkovGame, sigma: ArrayLike<number>, where: string): void {
  const J = game.numJoint;
  if (sigma.length !== game.S * J) throw new InvalidArgumentError(`${where}: the joint policy must have S·J = ${game.S * J} entries, got ${sigma.length}`);
  for (let s = 0; s < game.S; s++) {
    let total = 0;
    for (let j = 0; j < J; j++) {
      const p = sigma[s * J + j] as number;
      if (!(p >= 0 && p <= 1)) throw new InvalidArgumentError(`${where}: sigma[s=${s}, joint=${j}] = ${describeValue(p)} is not a probability`);
      total += p;
    }
    if (Math.abs(total - 1) > DISTRIBUTION_TOLERANCE) throw new InvalidArgumentError(`${where}: sigma[s=${s}, ·] sums to ${total}; it must sum to 1 within ${DISTRIBUTION_TOLERANCE}`);
  }
}

/** The joint policy of independent players: σ(j|s) = Π_i π_i(a_i|s), each `policies[i][s*A_i + a]`. */
export function productPolicy(game: TabularMarkovGame, policies: ReadonlyArray<ArrayLike<number>>): JointPolicy {
  if (policies.length !== game.numPlayers) throw new InvalidArgumentError(`productPolicy: needs one policy per player (${game.numPlayers}), got ${policies.length}`);
  policies.forEach((pi, i) => {
    const n = game.S * (game.numActions[i] as number);
    if (pi.length !== n) throw new InvalidArgumentError(`productPolicy: the policy of player ${i} must have S·A_${i} = ${n} entries, got ${pi.length}`);
  });
  const J = game.numJoint;
  const sigma = new Float64Array(game.S * J);
  for (let s = 0; s < game.S; s++) {
    for (let j = 0; j < J; j++) {
      let p = 1;
      for (let i = 0; i < game.numPlayers; i++) p *= policies[i]![s * (game.numActions[i] as number) + game.actionOf(j, i)] as number;
      sigma[s * J + j] = p;
    }
  }
  checkJointPolicy(game, sigma, 'productPolicy');
  return sigma;
}

/** Player i's marginal policy under σ: π_i(a|s) = Σ_{j: a_i = a} σ(j|s), as `S·A_i`. */
export function marginalPolicy(game: TabularMarkovGame, sigma: ArrayLike<number>, player: number): Float64Array {
  const A = game.numActions[player] as number;
  const J = game.numJoint;
  const out = new Float64Array(game.S * A);
  for (let s = 0; s < game.S; s++) for (let j = 0; j < J; j++) out[s * A + game.actionOf(j, player)]! += sigma[s * J + j] as number;
  return out;
}
