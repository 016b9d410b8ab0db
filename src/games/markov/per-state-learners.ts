import type { OnlineLearner } from '../dynamics/hedge-learner.js';
import { RegretMeter } from '../dynamics/hedge-learner.js';
import { evaluateJointPolicy, playerQValues } from './evaluation.js';
import { productPolicy, type JointPolicy } from './joint-policy.js';
import type { TabularMarkovGame } from './markov-game.js';

/**
 * Policy optimisation with a no-regret learner per (player, state), full information (the template of Erez et al.
 * 2023, Algorithm 1): every round each player plays its learners' strategies, evaluates the joint policy exactly,
 * and feeds the learner at state s its action values Q_i^{π_t}(s, ·). With swap-regret learners the per-state
 * regrets are swap regrets; with Hedge, external only. Keeps the per-state time average of the joint policies played.
 */
export class PerStateLearners {
  readonly learners: readonly (readonly OnlineLearner[])[];
  readonly meters: readonly (readonly RegretMeter[])[];
  private readonly sum: Float64Array;
  private rounds = 0;

  /** `make(player, state)` builds the learner of that player at that state (over its actions). */
  constructor(
    readonly game: TabularMarkovGame,
    make: (player: number, state: number) => OnlineLearner,
  ) {
    this.learners = game.numActions.map((_, i) => Array.from({ length: game.S }, (_, s) => make(i, s)));
    this.meters = game.numActions.map((k) => Array.from({ length: game.S }, () => new RegretMeter(k)));
    this.sum = new Float64Array(game.S * game.numJoint);
  }

  /** Each player's current policy `S·A_i`. */
  policies(): Float64Array[] {
    return this.learners.map((row, i) => {
      const A = this.game.numActions[i] as number;
      const pi = new Float64Array(this.game.S * A);
      row.forEach((learner, s) => pi.set(learner.strategy(), s * A));
      return pi;
    });
  }

  /** The joint (product) policy played this round. */
  jointPolicy(): JointPolicy {
    return productPolicy(this.game, this.policies());
  }

  /** One round: play, evaluate, and update every learner on its action values. */
  step(): void {
    const policies = this.policies();
    const sigma = productPolicy(this.game, policies);
    const V = evaluateJointPolicy(this.game, sigma);
    this.learners.forEach((row, i) => {
      const A = this.game.numActions[i] as number;
      const Q = playerQValues(this.game, sigma, i, V[i]);
      row.forEach((learner, s) => {
        const gains = Q.subarray(s * A, (s + 1) * A);
        this.meters[i]![s]!.record(policies[i]!.subarray(s * A, (s + 1) * A), gains);
        learner.update(gains);
      });
    });
    for (let k = 0; k < sigma.length; k++) this.sum[k]! += sigma[k] as number;
    this.rounds++;
  }

  /** Rounds played. */
  get t(): number {
    return this.rounds;
  }

  /** The per-state time average of the joint policies played, σ̄(·|s) = (1/t) Σ_τ σ_τ(·|s) (a correlated Markov policy). */
  averagePolicy(): JointPolicy {
    return this.sum.map((v) => v / Math.max(1, this.rounds));
  }

  /** The largest per-state swap regret over players and states, divided by the rounds played. */
  maxAverageSwapRegret(): number {
    let worst = 0;
    for (const row of this.meters) for (const m of row) worst = Math.max(worst, m.swapRegret());
    return worst / Math.max(1, this.rounds);
  }
}
