import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../core/errors.js';

/** Options of `Adam`. */
export interface AdamOptions {
  /** The step size α; `Adam.learningRate` may change it between steps (schedules). */
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  /** ε of the denominator: PyTorch's 1e-8 by default; SB3's policy-gradient agents use 1e-5. */
  readonly eps: number;
}

/** Defaults of `AdamOptions` (PyTorch's). */
export const ADAM_DEFAULTS: AdamOptions = { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 };

/** Adam's whole state: the moments (the variables themselves, one pair per parameter) and the step count. */
export interface AdamSlots {
  readonly m: readonly tf.Variable[];
  readonly v: readonly tf.Variable[];
  readonly t: number;
}

/**
 * Adam (Kingma & Ba 2015, Algorithm 1, in PyTorch's form) for a list of parameter variables. Written here rather than
 * taken from `tf.train.adam` because its whole state (m, v and the step count t) saves and restores exactly, so a
 * resumed run matches an uninterrupted one bit for bit (tfjs's `setWeights` recomputes β^t with `pow`, which rounds
 * differently from its running products); the bias corrections are computed on the host from t. A step reads
 * nothing back.
 */
export class Adam {
  readonly params: readonly tf.Variable[];
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  /** The step size α; may be changed between steps (schedules). */
  learningRate: number;
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  private t = 0;

  constructor(params: readonly tf.Variable[], options: Partial<AdamOptions> = {}) {
    const o = { ...ADAM_DEFAULTS, ...options };
    this.params = [...params];
    this.learningRate = o.learningRate;
    this.beta1 = o.beta1;
    this.beta2 = o.beta2;
    this.eps = o.eps;
    // Inside a tidy, so the zeros the variables are made from are released.
    this.m = tf.tidy(() => this.params.map((p) => tf.variable(tf.zerosLike(p), false)));
    this.v = tf.tidy(() => this.params.map((p) => tf.variable(tf.zerosLike(p), false)));
  }

  /** Steps taken so far. */
  get steps(): number {
    return this.t;
  }

  /** One step along `grads` (one per parameter, same shapes). */
  step(grads: readonly tf.Tensor[]): void {
    if (grads.length !== this.params.length) throw new InvalidArgumentError(`Adam.step: ${this.params.length} gradients expected, got ${grads.length}`);
    this.t++;
    const bc1 = 1 - this.beta1 ** this.t;
    const bc2 = 1 - this.beta2 ** this.t;
    tf.tidy(() => {
      this.params.forEach((p, i) => {
        const grad = grads[i] as tf.Tensor;
        const m = this.m[i] as tf.Variable;
        const v = this.v[i] as tf.Variable;
        m.assign(tf.add(tf.mul(m, this.beta1), tf.mul(grad, 1 - this.beta1)));
        v.assign(tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(grad), 1 - this.beta2)));
        // θ ← θ − (α / bc1) · m / (sqrt(v) / sqrt(bc2) + ε)
        const denom = tf.add(tf.div(tf.sqrt(v), Math.sqrt(bc2)), this.eps);
        p.assign(tf.sub(p, tf.mul(tf.div(m, denom), this.learningRate / bc1)));
      });
    });
  }

  /** The moment estimates (the variables themselves) and the step count, for saving. */
  getState(): AdamSlots {
    return { m: this.m, v: this.v, t: this.t };
  }

  /** Restores a saved state: moments of the parameters' shapes, in parameter order. */
  setState(m: readonly tf.Tensor[], v: readonly tf.Tensor[], t: number): void {
    if (m.length !== this.params.length || v.length !== this.params.length) {
      throw new InvalidArgumentError(`Adam.setState: ${this.params.length} moment pairs expected, got ${m.length} and ${v.length}`);
    }
    m.forEach((x, i) => (this.m[i] as tf.Variable).assign(x));
    v.forEach((x, i) => (this.v[i] as tf.Variable).assign(x));
    this.t = t;
  }

  /** Releases the moment variables. */
  dispose(): void {
    tf.dispose([...this.m, ...this.v]);
  }
}
