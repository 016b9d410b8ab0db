import * as tf from '@tensorflow/tfjs';

/**
 * Adam (Kingma & Ba 2015, Algorithm 1, in PyTorch's form) for one flat parameter variable. Written here rather than
 * taken from `tf.train.adam` because its whole state (m, v and the step count t) saves and restores exactly, so a
 * resumed run matches an uninterrupted one bit for bit; the bias corrections are computed in JS from t.
 */
export class Adam {
  private readonly m: tf.Variable<tf.Rank.R1>;
  private readonly v: tf.Variable<tf.Rank.R1>;
  private t = 0;

  constructor(
    readonly params: tf.Variable<tf.Rank.R1>,
    /** The step size α; may be changed between steps (schedules). */
    public learningRate: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly eps = 1e-8,
  ) {
    this.m = tf.variable(tf.zerosLike(params), false);
    this.v = tf.variable(tf.zerosLike(params), false);
  }

  /** One step along `grad` (same shape as the parameters). */
  step(grad: tf.Tensor1D): void {
    this.t++;
    const bc1 = 1 - this.beta1 ** this.t;
    const bc2 = 1 - this.beta2 ** this.t;
    tf.tidy(() => {
      this.m.assign(tf.add(tf.mul(this.m, this.beta1), tf.mul(grad, 1 - this.beta1)));
      this.v.assign(tf.add(tf.mul(this.v, this.beta2), tf.mul(tf.square(grad), 1 - this.beta2)));
      // θ ← θ − (α / bc1) · m / (sqrt(v) / sqrt(bc2) + ε)
      const denom = tf.add(tf.div(tf.sqrt(this.v), Math.sqrt(bc2)), this.eps);
      this.params.assign(tf.sub(this.params, tf.mul(tf.div(this.m, denom), this.learningRate / bc1)));
    });
  }

  /** The moment estimates (the variables themselves) and the step count, for saving. */
  getState(): { m: tf.Tensor1D; v: tf.Tensor1D; t: number } {
    return { m: this.m, v: this.v, t: this.t };
  }

  /** Restores a saved state. */
  setState(m: tf.Tensor, v: tf.Tensor, t: number): void {
    this.m.assign(m as tf.Tensor1D);
    this.v.assign(v as tf.Tensor1D);
    this.t = t;
  }

  /** Releases the moment variables. */
  dispose(): void {
    this.m.dispose();
    this.v.dispose();
  }
}
