import * as tf from '@tensorflow/tfjs';
import { SavableAdam } from './savable-adam.js';

/** Adam whose learning rate can change between steps (for linear schedules), with a state that saves exactly. */
export class ScheduledAdam extends SavableAdam {
  /** Adam with β1 = 0.9, β2 = 0.999 and SB3's ε = 1e-5. */
  constructor(learningRate: number) {
    super(learningRate, 1e-5);
  }

  /** The learning rate used from the next step on. */
  setLearningRate(lr: number): void {
    this.learningRate = lr;
  }

  /** The current learning rate. */
  getLearningRate(): number {
    return this.learningRate;
  }
}

/** Applies gradients after scaling them to a global L2 norm of at most `maxNorm` (Pascanu et al. 2013); returns the norm. */
export function applyClippedGradients(
  optimizer: tf.Optimizer,
  grads: tf.NamedTensorMap,
  maxNorm: number,
): number {
  const total = tf.tidy(() => tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))));
  const normValue = total.dataSync()[0] as number;
  total.dispose();
  const scale = Number.isFinite(maxNorm) && normValue > maxNorm ? maxNorm / normValue : 1;
  if (scale === 1) {
    optimizer.applyGradients(grads);
  } else {
    const scaled: tf.NamedTensorMap = {};
    for (const [k, g] of Object.entries(grads)) scaled[k] = tf.mul(g, scale);
    optimizer.applyGradients(scaled);
    for (const g of Object.values(scaled)) g.dispose();
  }
  return normValue;
}
