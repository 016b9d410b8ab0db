import * as tf from '@tensorflow/tfjs';
import { StateError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { Adam } from '../nn/adam.js';
import { Mlp } from '../nn/mlp.js';
import type { PolicyNetOptions } from './policy.js';

/** Options of `ValueNet`: its network, and the learning rate of its own Adam. */
export interface ValueNetOptions extends PolicyNetOptions {
  /** The learning rate of `fit`'s own Adam; without it the net has none (an actor-critic trains it in its own). */
  readonly learningRate?: number;
}

/**
 * ε of the value net's Adam: tfjs's float32 default, which this net trained with before it moved to `nn`'s Adam.
 */
const VALUE_ADAM_EPS = 1e-7;

/** A state-value network V_φ(s), fitted by regression on return targets with its own Adam when given a learning rate. */
export class ValueNet {
  readonly net: Mlp;
  readonly optimizer: Adam | undefined;

  constructor(
    readonly obsDim: number,
    rng: Rng,
    opts: ValueNetOptions = {},
  ) {
    this.net = new Mlp([obsDim, ...(opts.netArch ?? [64, 64]), 1], rng, { activation: opts.activationFn ?? 'tanh', init: 'orthogonal', name: 'v' });
    this.optimizer = opts.learningRate === undefined ? undefined : new Adam([this.net.params], { learningRate: opts.learningRate, eps: VALUE_ADAM_EPS });
  }

  /** V(s) for `n` stacked observations (host forward pass). */
  predict(obs: ArrayLike<number>, n: number): Float64Array {
    return this.net.forwardHost(obs, n, new Float64Array(n));
  }

  /**
   * `epochs` full-batch Adam steps on the mean squared error to `targets`; resolves to the last loss. One
   * asynchronous read brings back that loss and the new weights, which become `predict`'s host copy.
   */
  async fit(obs: Float32Array, targets: ArrayLike<number>, epochs: number): Promise<number> {
    const optimizer = this.optimizer;
    if (optimizer === undefined) throw new StateError('ValueNet.fit: this net was built without a learning rate');
    const n = targets.length;
    const x = tf.tensor2d(obs.subarray(0, n * this.obsDim), [n, this.obsDim]);
    const y = tf.tensor1d(Float32Array.from(targets));
    let loss: tf.Scalar | undefined;
    for (let e = 0; e < epochs; e++) {
      loss?.dispose();
      loss = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => tf.losses.meanSquaredError(y, tf.reshape(this.net.apply(x), [n])) as tf.Scalar, [this.net.params]);
        optimizer.step([grads[this.net.params.name] as tf.Tensor]);
        return value;
      });
    }
    tf.dispose([x, y]);
    this.net.changed();
    const last = loss ?? tf.scalar(0);
    return (await this.net.syncHost([last]).finally(() => last.dispose()))[0] as number;
  }

  dispose(): void {
    this.net.dispose();
    this.optimizer?.dispose();
  }
}
