import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../../core/errors.js';
import { blockOffsets, type DifferentiableGame } from './differentiable-game.js';

/** A player's cost as a tfjs function of the joint vector x (shape [d]) returning a scalar. */
export type TensorCost = (x: tf.Tensor1D) => tf.Scalar;

/**
 * A differentiable game from arbitrary tfjs costs: F by reverse-mode autodiff (tf.grad of each f_i, its own block
 * kept) and H row by row by differentiating each component of F again. Runs on whatever tfjs backend is active;
 * every op is inside tf.tidy. Tensors are float32, so F and H carry float32 rounding (about 1e-7 relative).
 */
export function autodiffGame(blocks: readonly number[], costs: readonly TensorCost[], name = 'AutodiffGame'): DifferentiableGame {
  const { dim, offsets } = blockOffsets(name, blocks);
  if (costs.length !== blocks.length) throw new InvalidArgumentError(`${name}: needs one cost per player (${blocks.length}), got ${costs.length}`);
  const grads = costs.map((f) => tf.grad((z: tf.Tensor) => f(z as tf.Tensor1D)));
  /** The player owning coordinate k. */
  const owner = blocks.flatMap((b, i) => new Array<number>(b).fill(i));
  const checkPoint = (x: ArrayLike<number>): void => {
    if (x.length !== dim) throw new InvalidArgumentError(`${name}: x must have ${dim} entries, got ${x.length}`);
  };
  const component = (k: number) => (z: tf.Tensor): tf.Scalar => grads[owner[k] as number]!(z).slice(k, 1).sum();
  const rowGrads = Array.from({ length: dim }, (_, k) => tf.grad(component(k)));
  return {
    name,
    blocks: [...blocks],
    pseudoGradient(x) {
      checkPoint(x);
      const F = tf.tidy(() => {
        const t = tf.tensor1d(Float32Array.from(x));
        return tf.concat(costs.map((_, i) => grads[i]!(t).slice(offsets[i] as number, blocks[i] as number)));
      });
      return readAndDispose(F);
    },
    jacobian(x) {
      checkPoint(x);
      const H = tf.tidy(() => {
        const t = tf.tensor1d(Float32Array.from(x));
        return tf.stack(rowGrads.map((g) => g(t)));
      });
      const flat = readAndDispose(H);
      return Array.from({ length: dim }, (_, r) => Array.from(flat.subarray(r * dim, (r + 1) * dim)));
    },
  };
}

/** The values of `t` as float64, and `t` disposed. */
function readAndDispose(t: tf.Tensor): Float64Array {
  const values = Float64Array.from(t.dataSync());
  t.dispose();
  return values;
}
