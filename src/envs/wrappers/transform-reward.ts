import type { Env } from '../../core/env.js';
import { RewardWrapper } from './wrapper.js';

/** Applies `fn` to every reward (Gymnasium's `TransformReward`), e.g. `(r) => 0.01 * r`. */
export class TransformReward<Obs, Act> extends RewardWrapper<Obs, Act> {
  constructor(
    env: Env<Obs, Act>,
    private readonly fn: (reward: number) => number,
  ) {
    super(env);
  }

  reward(reward: number): number {
    return this.fn(reward);
  }
}
