import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../core/rng.js';
import { Mlp } from '../nn/mlp.js';
import { setFlat } from './params.js';
import type { Policy, PolicyNetOptions } from './policy.js';

/** Options of `GaussianPolicy`: its network and initial log std. */
export interface GaussianPolicyOptions extends PolicyNetOptions {
  /** Initial log standard deviation of every action dimension. Default 0. */
  readonly logStdInit?: number;
}

const LOG_2PI = Math.log(2 * Math.PI);

/** π(a|s) = N(MLP(s), diag(exp(2·logStd))) with a state-independent, learned log standard deviation. */
export class GaussianPolicy implements Policy {
  readonly net: Mlp;
  readonly logStd: tf.Variable;
  private std: Float32Array;

  constructor(
    readonly obsDim: number,
    readonly actDim: number,
    rng: Rng,
    opts: GaussianPolicyOptions = {},
  ) {
    this.net = new Mlp([obsDim, ...(opts.netArch ?? [64, 64]), actDim], rng, {
      activation: opts.activationFn ?? 'tanh',
      init: 'orthogonal',
      outputGain: 0.01,
      name: 'pi',
    });
    this.logStd = tf.tidy(() => tf.variable(tf.fill([actDim], opts.logStdInit ?? 0)));
    // From the initial value, not read back: nothing is read synchronously on the way to acting.
    this.std = new Float32Array(actDim).fill(Math.exp(Math.fround(opts.logStdInit ?? 0)));
  }

  get variables(): tf.Variable[] {
    return [this.net.params, this.logStd];
  }

  get extraVariables(): Readonly<Record<string, tf.Variable>> {
    return { logStd: this.logStd };
  }

  logProb(obs: tf.Tensor2D, actions: tf.Tensor): tf.Tensor1D {
    return tf.tidy(() => {
      const z = tf.div(tf.sub(actions, this.net.apply(obs)), tf.exp(this.logStd));
      const perDim = tf.add(tf.mul(-0.5, tf.square(z)), tf.sub(-0.5 * LOG_2PI, this.logStd));
      return tf.sum(perDim, 1) as tf.Tensor1D;
    });
  }

  entropy(obs: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => {
      const h = tf.sum(tf.add(this.logStd, 0.5 * (1 + LOG_2PI)));
      return tf.mul(tf.ones([obs.shape[0]]), h) as tf.Tensor1D;
    });
  }

  evaluate(obs: tf.Tensor2D, actions: tf.Tensor): { logProb: tf.Tensor1D; entropy: tf.Tensor1D } {
    // The entropy does not depend on the state: no second forward pass to share.
    return { logProb: this.logProb(obs, actions), entropy: this.entropy(obs) };
  }

  sample(obs: ArrayLike<number>, n: number, rng: Rng): Float32Array {
    const mean = this.mode(obs, n);
    for (let i = 0; i < mean.length; i++) mean[i] = (mean[i] as number) + (this.std[i % this.actDim] as number) * rng.normal();
    return mean;
  }

  mode(obs: ArrayLike<number>, n: number): Float32Array {
    return Float32Array.from(this.net.forwardHost(obs, n, new Float64Array(n * this.actDim)));
  }

  actionTensor(actions: ArrayLike<number>, n: number): tf.Tensor2D {
    return tf.tensor2d(Float32Array.from({ length: n * this.actDim }, (_, i) => actions[i] as number), [n, this.actDim]);
  }

  assign(theta: ArrayLike<number>): void {
    setFlat(this.variables, theta);
    const n = this.net.numParams;
    this.net.setHostCopy(Float32Array.from({ length: n }, (_, i) => theta[i] as number));
    for (let i = 0; i < this.actDim; i++) this.std[i] = Math.exp(Math.fround(theta[n + i] as number));
  }

  /** One read brings back the network's weights, the log std and `extra`. */
  async syncAsync(extra: readonly tf.Tensor[] = []): Promise<Float32Array> {
    const values = await this.net.syncHost([this.logStd, ...extra]);
    for (let i = 0; i < this.actDim; i++) this.std[i] = Math.exp(values[i] as number);
    return values.subarray(this.actDim);
  }

  dispose(): void {
    this.net.dispose();
    this.logStd.dispose();
  }
}
