import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { orthogonalMatrix } from '../nn/orthogonal.js';

/** Hidden-layer nonlinearity of an `Mlp`. */
export type Activation = 'tanh' | 'relu';

/** Options of `Mlp`. */
export interface MlpOptions {
  readonly activation?: Activation;
  /** Scale of the last layer's initial weights; small (0.01) makes a policy start near uniform. Default 1. */
  readonly outputGain?: number;
}

/**
 * x·W + b with a hand-written gradient that transposes explicitly: on the wasm backend a matMul with a transposed
 * operand (what tfjs's own gradient uses for xᵀ·dy and dy·Wᵀ) is several times slower than transpose then matMul.
 */
const dense = tf.customGrad(((x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
  save([x, w]);
  return {
    value: tf.add(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), b),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const g = dy as tf.Tensor2D;
      const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
      return [tf.matMul(g, tf.transpose(ws)), tf.matMul(tf.transpose(xs), g), tf.sum(g, 0)];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D;

/** tanh as 2σ(2x) − 1, with gradient dy·(1 − y²): the wasm backend's Tanh kernel is several times slower than Sigmoid. */
const tanh = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
  const y = tf.sub(tf.mul(tf.sigmoid(tf.mul(x, 2)), 2), 1);
  save([y]);
  return {
    value: y,
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => tf.mul(dy as tf.Tensor, tf.sub(1, tf.square(saved[0] as tf.Tensor))),
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor2D) => tf.Tensor2D;

/**
 * A fully connected network as tfjs variables, with a plain-JavaScript copy of its weights for acting: one tfjs call
 * costs more than a whole forward pass of a small network, so per-step action selection runs on the copy and only
 * training runs on tensors. Call `sync()` after changing the variables.
 */
export class Mlp {
  readonly variables: tf.Variable[] = [];
  readonly activation: Activation;
  private cache: Float32Array[] = [];

  /** `sizes` = [input, hidden..., output]; weights orthogonal from `rng` (gain √2, `outputGain` last), biases zero. */
  constructor(
    readonly sizes: readonly number[],
    rng: Rng,
    opts: MlpOptions = {},
  ) {
    if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
      throw new InvalidArgumentError(`Mlp: sizes must be ≥ 2 positive integers, got [${sizes.join(', ')}]`);
    }
    this.activation = opts.activation ?? 'tanh';
    for (let l = 0; l + 1 < sizes.length; l++) {
      const fanIn = sizes[l] as number;
      const fanOut = sizes[l + 1] as number;
      const gain = l + 2 === sizes.length ? (opts.outputGain ?? 1) : Math.SQRT2;
      const w = orthogonalMatrix(fanIn, fanOut, gain, rng);
      // tidy frees the initial values; the variables themselves survive it.
      this.variables.push(...tf.tidy(() => [tf.variable(tf.tensor2d(w, [fanIn, fanOut])), tf.variable(tf.zeros([fanOut]))]));
    }
    this.sync();
  }

  /** Number of scalar parameters. */
  get size(): number {
    return this.cache.reduce((s, a) => s + a.length, 0);
  }

  /** The network applied to a batch `[n, input]` (tensors, differentiable). */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      let h: tf.Tensor2D = x;
      for (let l = 0; l < this.variables.length; l += 2) {
        h = dense(h, this.variables[l] as tf.Variable<tf.Rank.R2>, this.variables[l + 1] as tf.Variable<tf.Rank.R1>);
        if (l + 2 < this.variables.length) h = this.activation === 'tanh' ? tanh(h) : tf.relu(h);
      }
      return h;
    });
  }

  /** The network on `n` stacked inputs in plain JavaScript, from the weights as of the last `sync()`. */
  forward(x: ArrayLike<number>, n: number): Float32Array {
    let h: ArrayLike<number> = x;
    for (let l = 0; l + 1 < this.sizes.length; l++) {
      const fanIn = this.sizes[l] as number;
      const fanOut = this.sizes[l + 1] as number;
      const w = this.cache[2 * l] as Float32Array;
      const b = this.cache[2 * l + 1] as Float32Array;
      const out = new Float32Array(n * fanOut);
      const hidden = l + 2 < this.sizes.length;
      for (let r = 0; r < n; r++) {
        for (let j = 0; j < fanOut; j++) {
          let s = b[j] as number;
          for (let i = 0; i < fanIn; i++) s += (h[r * fanIn + i] as number) * (w[i * fanOut + j] as number);
          out[r * fanOut + j] = hidden ? (this.activation === 'tanh' ? Math.tanh(s) : Math.max(0, s)) : s;
        }
      }
      h = out;
    }
    return h as Float32Array;
  }

  /** Refreshes the JavaScript copy of the weights from the variables. */
  sync(): void {
    this.cache = this.variables.map((v) => v.dataSync() as Float32Array);
  }

  /** Releases the variables. */
  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}
