import * as tf from '@tensorflow/tfjs';

/** Log-probabilities of the chosen (winner) and rejected (loser) responses under the policy and the reference. */
export interface PairLogProbs {
  readonly policyWinner: tf.Tensor1D;
  readonly policyLoser: tf.Tensor1D;
  readonly referenceWinner: tf.Tensor1D;
  readonly referenceLoser: tf.Tensor1D;
}

/** h = (log π_θ(y_w) − log π_θ(y_l)) − (log π_ref(y_w) − log π_ref(y_l)): the policy's log-ratio minus the reference's. */
export function pairLogRatio(p: PairLogProbs): tf.Tensor1D {
  return tf.tidy(() => tf.sub(tf.sub(p.policyWinner, p.policyLoser), tf.sub(p.referenceWinner, p.referenceLoser)));
}

/**
 * DPO's loss, the batch mean of −log σ(β·h) (Rafailov et al. 2023, eq. 7), written softplus(−β·h): tf.logSigmoid's
 * gradient fails on the wasm backend.
 */
export function dpoLoss(p: PairLogProbs, beta: number): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.softplus(tf.mul(pairLogRatio(p), -beta))));
}

/** IPO's loss, the batch mean of (h − 1/(2τ))² (Azar et al. 2024, the sampled IPO loss). */
export function ipoLoss(p: PairLogProbs, tau: number): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.square(tf.sub(pairLogRatio(p), 1 / (2 * tau)))));
}

/**
 * SPPO's square loss, the batch mean of
 * ½[(log π_θ(y_w)/π_t(y_w) − η(P̂(y_w ≻ π_t) − ½))² + (log π_θ(y_l)/π_t(y_l) − η(P̂(y_l ≻ π_t) − ½))²]
 * with the reference π_t the last iterate (Wu et al. 2024, Algorithm 1; the authors' code writes η as 1/β).
 */
export function sppoSquareLoss(p: PairLogProbs, winRateWinner: tf.Tensor1D, winRateLoser: tf.Tensor1D, eta: number): tf.Scalar {
  return tf.tidy(() => {
    const residual = (policy: tf.Tensor1D, reference: tf.Tensor1D, winRate: tf.Tensor1D) => tf.sub(tf.sub(policy, reference), tf.mul(tf.sub(winRate, 0.5), eta));
    const w = residual(p.policyWinner, p.referenceWinner, winRateWinner);
    const l = residual(p.policyLoser, p.referenceLoser, winRateLoser);
    return tf.mul(tf.mean(tf.add(tf.square(w), tf.square(l))), 0.5);
  });
}
