import * as tf from '@tensorflow/tfjs';

/**
 * The gradients rescaled to a global L2 norm of at most `maxNorm` (Pascanu et al. 2013), as PyTorch's
 * `clip_grad_norm_`: scale = min(1, maxNorm / (‖g‖ + 1e-6)). Computed on the device (nothing is read back); call
 * inside `tf.tidy`. Returns the norm before clipping too, for logging.
 */
export function clipByGlobalNorm(grads: readonly tf.Tensor[], maxNorm: number): { grads: tf.Tensor[]; norm: tf.Scalar } {
  const norm = grads.length === 1 ? tf.norm(grads[0] as tf.Tensor) : tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g)))));
  if (maxNorm === Infinity) return { grads: [...grads], norm: norm as tf.Scalar };
  const scale = tf.minimum(1, tf.div(maxNorm, tf.add(norm, 1e-6)));
  return { grads: grads.map((g) => tf.mul(g, scale)), norm: norm as tf.Scalar };
}
