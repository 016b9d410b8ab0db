import * as tf from '@tensorflow/tfjs';
import { checkInteger } from '../../core/checks.js';
import { InvalidArgumentError } from '../../core/errors.js';

/**
 * π_θ(y | x) = softmax(θ_x)_y: a softmax policy over a finite set of responses, one row of logits per context (one
 * context for an unconditioned policy). The logits are a tf.Variable, trained by the preference losses.
 */
export class SoftmaxResponsePolicy {
  readonly logits: tf.Variable<tf.Rank.R2>;

  /** Starts uniform (logits 0), or from `initialLogits` given as `numContexts` rows of `numResponses`. */
  constructor(
    readonly numContexts: number,
    readonly numResponses: number,
    initialLogits?: ReadonlyArray<ArrayLike<number>>,
  ) {
    checkInteger('SoftmaxResponsePolicy: numContexts', numContexts, 1);
    checkInteger('SoftmaxResponsePolicy: numResponses', numResponses, 2);
    const init = new Float32Array(numContexts * numResponses);
    if (initialLogits !== undefined) {
      if (initialLogits.length !== numContexts) throw new InvalidArgumentError(`SoftmaxResponsePolicy: initialLogits must have ${numContexts} rows, got ${initialLogits.length}`);
      initialLogits.forEach((row, c) => {
        if (row.length !== numResponses) throw new InvalidArgumentError(`SoftmaxResponsePolicy: initialLogits row ${c} must have ${numResponses} entries, got ${row.length}`);
        for (let y = 0; y < numResponses; y++) init[c * numResponses + y] = row[y] as number;
      });
    }
    this.logits = tf.tidy(() => tf.variable(tf.tensor2d(init, [numContexts, numResponses]), true));
  }

  /** log π_θ(y_k | x_k) for each pair (contexts[k], responses[k]) (int32 tensors), differentiable in the logits. */
  logProb(contexts: tf.Tensor1D, responses: tf.Tensor1D): tf.Tensor1D {
    return tf.tidy(() => {
      // One-hot products rather than gather: gather's gradient needs UnsortedSegmentSum, which wasm lacks.
      // oneHot needs depth ≥ 2; one context's single row broadcasts over the batch instead.
      const logp = tf.logSoftmax(this.logits);
      const rows = this.numContexts === 1 ? logp : tf.matMul(tf.oneHot(contexts, this.numContexts).toFloat(), logp);
      return tf.sum(tf.mul(rows, tf.oneHot(responses, this.numResponses).toFloat()), 1) as tf.Tensor1D;
    });
  }

  /** π(· | x) for every context, as plain numbers: row x is `probs[x]` (read asynchronously: webgpu has no synchronous read in Node). */
  async probabilities(): Promise<Float64Array[]> {
    const probs = tf.tidy(() => tf.softmax(this.logits));
    const flat = (await probs.data()) as Float32Array;
    probs.dispose();
    return Array.from({ length: this.numContexts }, (_, c) => Float64Array.from(flat.subarray(c * this.numResponses, (c + 1) * this.numResponses)));
  }

  /** Frees the logits. */
  dispose(): void {
    this.logits.dispose();
  }
}
