import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../core/rng.js';
import { SavableAdam, type AdamState } from './savable-adam.js';
import { Mlp, type Activation } from './mlp.js';

/** Options of `ValueNet`. */
export interface ValueNetOptions {
  readonly hidden?: readonly number[];
  readonly activation?: Activation;
  readonly lr?: number;
}

/**
 * A state-value network V_φ(s), fitted by regression on return targets with its own Adam (created on the first
 * `fit`, so an actor-critic that trains it through a shared optimizer holds none); `getOptimizerState` saves it.
 */
export class ValueNet {
  readonly net: Mlp;
  private optimizer: SavableAdam | undefined;
  private readonly lr: number;

  constructor(
    readonly obsDim: number,
    rng: Rng,
    opts: ValueNetOptions = {},
  ) {
    this.net = new Mlp([obsDim, ...(opts.hidden ?? [64, 64]), 1], rng, { activation: opts.activation ?? 'tanh' });
    this.lr = opts.lr ?? 1e-3;
  }

  /** V(s) for `n` stacked observations (plain JavaScript). */
  predict(obs: ArrayLike<number>, n: number): Float32Array {
    return this.net.forward(obs, n);
  }

  /** `epochs` full-batch Adam steps on the mean squared error to `targets`; returns the last loss. */
  fit(obs: Float32Array, targets: ArrayLike<number>, epochs: number): number {
    const n = targets.length;
    const x = tf.tensor2d(obs.subarray(0, n * this.obsDim), [n, this.obsDim]);
    const y = tf.tensor1d(Float32Array.from(targets));
    let last = 0;
    const optimizer = (this.optimizer ??= new SavableAdam(this.lr));
    for (let e = 0; e < epochs; e++) {
      const loss = optimizer.minimize(
        () => tf.losses.meanSquaredError(y, tf.reshape(this.net.apply(x), [n])) as tf.Scalar,
        true,
        this.net.variables,
      );
      if (loss) {
        if (e === epochs - 1) last = loss.dataSync()[0] as number;
        loss.dispose();
      }
    }
    x.dispose();
    y.dispose();
    this.net.sync();
    return last;
  }

  /** The state of `fit`'s Adam (moments, step count), or null before the first `fit`. */
  async getOptimizerState(): Promise<AdamState | null> {
    return this.optimizer ? this.optimizer.getState() : null;
  }

  /** Restores what `getOptimizerState` returned. */
  async setOptimizerState(state: AdamState | null): Promise<void> {
    this.optimizer?.dispose();
    this.optimizer = undefined;
    if (state === null) return;
    this.optimizer = new SavableAdam(this.lr);
    await this.optimizer.setState(state);
  }

  dispose(): void {
    this.net.dispose();
    this.optimizer?.dispose();
  }
}
