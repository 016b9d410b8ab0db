import * as tf from '@tensorflow/tfjs';

/** Inputs of `dqnTargets`, one row per transition. */
export interface DqnTargetInputs {
  /** Rewards `[n]` (for n-step returns, the discounted sum of the k rewards). */
  readonly rewards: tf.Tensor1D;
  /** 1 where the transition ended in a terminal state `[n]`; a truncated transition has 0 here and bootstraps. */
  readonly terminated: tf.Tensor1D;
  /** The bootstrap discount: γ for every row, or `[n]` values γ^k for k-step returns. */
  readonly discounts: tf.Tensor1D | number;
  /** Target-network values of the next states `[n, actions]`. */
  readonly nextQTarget: tf.Tensor2D;
  /** Online-network values of the next states `[n, actions]`: given, the target is Double DQN's. */
  readonly nextQOnline?: tf.Tensor2D;
}

/**
 * The regression targets of DQN, y = r + γ (1 − terminated) max_a Q_target(s', a) (van Hasselt et al. 2016, eq. 3),
 * or with `nextQOnline` Double DQN's y = r + γ (1 − terminated) Q_target(s', argmax_a Q_online(s', a)) (same paper,
 * section 4). Pure; call inside `tf.tidy`.
 */
export function dqnTargets(inputs: DqnTargetInputs): tf.Tensor1D {
  const { rewards, terminated, discounts, nextQTarget, nextQOnline } = inputs;
  const nextValue = nextQOnline
    ? tf.sum(tf.mul(nextQTarget, tf.oneHot(tf.argMax(nextQOnline, 1), nextQTarget.shape[1])), 1)
    : tf.max(nextQTarget, 1);
  return tf.add(rewards, tf.mul(tf.mul(discounts, tf.sub(1, terminated)), nextValue)) as tf.Tensor1D;
}
