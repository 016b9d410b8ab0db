import * as tf from '@tensorflow/tfjs';
import { argmax } from '../core/argmax.js';
import type { Rng } from '../core/rng.js';
import { Mlp } from '../nn/mlp.js';
import { setFlat } from './params.js';
import type { Policy, PolicyNetOptions } from './policy.js';

/** Options of `CategoricalPolicy`: its network. */
export type CategoricalPolicyOptions = PolicyNetOptions;

/** Softmax of one row of logits, in place into `out`. */
function softmaxRow(logits: Float64Array, offset: number, k: number, out: Float64Array): void {
  let max = -Infinity;
  for (let j = 0; j < k; j++) max = Math.max(max, logits[offset + j] as number);
  let s = 0;
  for (let j = 0; j < k; j++) {
    const e = Math.exp((logits[offset + j] as number) - max);
    out[j] = e;
    s += e;
  }
  for (let j = 0; j < k; j++) out[j] = (out[j] as number) / s;
}

/** π(a|s) = softmax(MLP(s))_a over `numActions` discrete actions. */
export class CategoricalPolicy implements Policy {
  readonly net: Mlp;
  readonly actDim = 1;

  constructor(
    readonly obsDim: number,
    readonly numActions: number,
    rng: Rng,
    opts: CategoricalPolicyOptions = {},
  ) {
    this.net = new Mlp([obsDim, ...(opts.netArch ?? [64, 64]), numActions], rng, {
      activation: opts.activationFn ?? 'tanh',
      init: 'orthogonal',
      outputGain: 0.01,
      name: 'pi',
    });
  }

  get variables(): tf.Variable[] {
    return [this.net.params];
  }

  get extraVariables(): Readonly<Record<string, tf.Variable>> {
    return {};
  }

  logProb(obs: tf.Tensor2D, actions: tf.Tensor): tf.Tensor1D {
    return tf.tidy(() => this.pick(tf.logSoftmax(this.net.apply(obs)), actions));
  }

  entropy(obs: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => CategoricalPolicy.entropyOf(tf.logSoftmax(this.net.apply(obs))));
  }

  evaluate(obs: tf.Tensor2D, actions: tf.Tensor): { logProb: tf.Tensor1D; entropy: tf.Tensor1D } {
    return tf.tidy(() => {
      const logp = tf.logSoftmax(this.net.apply(obs));
      return { logProb: this.pick(logp, actions), entropy: CategoricalPolicy.entropyOf(logp) };
    });
  }

  private pick(logp: tf.Tensor2D, actions: tf.Tensor): tf.Tensor1D {
    return tf.sum(tf.mul(logp, tf.oneHot(actions as tf.Tensor1D, this.numActions)), 1) as tf.Tensor1D;
  }

  private static entropyOf(logp: tf.Tensor2D): tf.Tensor1D {
    return tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), 1)) as tf.Tensor1D;
  }

  /** Action probabilities of each row, `[n × numActions]` row-major (JavaScript path). */
  probs(obs: ArrayLike<number>, n: number): Float64Array {
    const logits = this.logits(obs, n);
    const k = this.numActions;
    const out = new Float64Array(n * k);
    const row = new Float64Array(k);
    for (let r = 0; r < n; r++) {
      softmaxRow(logits, r * k, k, row);
      out.set(row, r * k);
    }
    return out;
  }

  sample(obs: ArrayLike<number>, n: number, rng: Rng): Int32Array {
    const p = this.probs(obs, n);
    const k = this.numActions;
    const out = new Int32Array(n);
    for (let r = 0; r < n; r++) out[r] = rng.categorical(p.subarray(r * k, (r + 1) * k));
    return out;
  }

  /** The logits of `n` stacked observations, from one host forward pass. */
  private logits(obs: ArrayLike<number>, n: number): Float64Array {
    return this.net.forwardHost(obs, n, new Float64Array(n * this.numActions));
  }

  mode(obs: ArrayLike<number>, n: number): Int32Array {
    const logits = this.logits(obs, n);
    const k = this.numActions;
    const out = new Int32Array(n);
    for (let r = 0; r < n; r++) out[r] = argmax(logits, r * k, k);
    return out;
  }

  actionTensor(actions: ArrayLike<number>, n: number): tf.Tensor1D {
    return tf.tensor1d(Int32Array.from({ length: n }, (_, i) => actions[i] as number), 'int32');
  }

  assign(theta: ArrayLike<number>): void {
    setFlat(this.variables, theta);
    this.net.setHostCopy(Float32Array.from(theta));
  }

  async syncAsync(extra: readonly tf.Tensor[] = []): Promise<Float32Array> {
    return this.net.syncHost(extra);
  }

  dispose(): void {
    this.net.dispose();
  }
}
