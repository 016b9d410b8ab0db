import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../core/rng.js';

let instances = 0;

/**
 * A multilayer perceptron (ReLU hidden layers, linear output) whose weights live in ONE flat tfjs variable, laid out
 * W0, b0, W1, b1, ... (each W row-major `[fanIn, fanOut]`). On tfjs-wasm the cost of an update is mostly per-op
 * overhead, and one variable makes Adam and gradient clipping a handful of ops instead of a dozen per tensor.
 * Greedy acting reads a JS copy of the weights (`forwardCpu`), so choosing an action dispatches no tfjs op.
 */
export class Mlp {
  readonly sizes: readonly number[];
  /** All weights and biases, flat. */
  readonly params: tf.Variable<tf.Rank.R1>;
  /** Offsets of W_l and b_l in `params`. */
  private readonly offsets: { readonly w: number; readonly b: number }[] = [];
  private cpuCopy: Float32Array | undefined;
  private frozenLayers: tf.Tensor[] | undefined;
  private readonly hidden: Float64Array[];

  /**
   * A network with layer widths `sizes` (input first, output last), initialised as PyTorch's `nn.Linear` (weights and
   * biases uniform in ±1/sqrt(fan_in)) from `rng`.
   */
  constructor(sizes: readonly number[], rng: Rng, name = 'mlp') {
    this.sizes = [...sizes];
    let total = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const fanIn = sizes[l] as number;
      const fanOut = sizes[l + 1] as number;
      this.offsets.push({ w: total, b: total + fanIn * fanOut });
      total += fanIn * fanOut + fanOut;
    }
    const init = new Float32Array(total);
    for (let l = 0; l + 1 < sizes.length; l++) {
      const fanIn = sizes[l] as number;
      const bound = 1 / Math.sqrt(fanIn);
      const end = l + 2 < sizes.length ? (this.offsets[l + 1] as { w: number }).w : total;
      for (let i = (this.offsets[l] as { w: number }).w; i < end; i++) init[i] = rng.uniform(-bound, bound);
    }
    // tfjs registers variables by globally unique name.
    this.params = tf.variable(tf.tensor1d(init), true, `${name}_${instances++}`);
    this.hidden = sizes.slice(1, -1).map((h) => new Float64Array(h));
  }

  /** The number of weights and biases. */
  get numParams(): number {
    return this.params.size;
  }

  /** The outputs for a batch of inputs `[n, sizes[0]]`; call inside `tf.tidy`. */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    return Mlp.applyLayers(x, this.layers());
  }

  /**
   * `apply` for a network that is not being differentiated (the target network): the per-layer slices are kept
   * until the weights change, instead of being cut on every call.
   */
  applyFrozen(x: tf.Tensor2D): tf.Tensor2D {
    this.frozenLayers ??= this.layers().map((t) => tf.keep(t));
    return Mlp.applyLayers(x, this.frozenLayers);
  }

  /**
   * The weights as per-layer tensors `[W0, b0, W1, b1, ...]` sliced from `params` (call inside `tf.tidy`). Slicing
   * once per update and differentiating with respect to the slices saves tfjs ops; `flatten` puts their gradients
   * back in `params`' layout.
   */
  layers(): tf.Tensor[] {
    const out: tf.Tensor[] = [];
    this.offsets.forEach(({ w, b }, l) => {
      const fanIn = this.sizes[l] as number;
      const fanOut = this.sizes[l + 1] as number;
      out.push(tf.reshape(tf.slice(this.params, w, fanIn * fanOut), [fanIn, fanOut]), tf.slice(this.params, b, fanOut));
    });
    return out;
  }

  /** Per-layer tensors (such as the gradients of `layers()`) concatenated in `params`' layout. */
  static flatten(layers: readonly tf.Tensor[]): tf.Tensor1D {
    return tf.concat(layers.map((t) => tf.reshape(t, [-1]))) as tf.Tensor1D;
  }

  /**
   * `applyLayers` with its backward pass written out, to differentiate with respect to the layers (call inside
   * `tf.grads`/`tf.valueAndGrads`; no gradient flows to `x`). tfjs-wasm runs a matMul with a transposed operand
   * about 5x slower than a plain one, and autodiff's backward uses those; here each transpose is explicit.
   */
  static applyLayersForGrad(x: tf.Tensor2D, layers: readonly tf.Tensor[]): tf.Tensor2D {
    const count = layers.length / 2;
    const forward = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const save = args.pop() as tf.GradSaveFunc;
      const ws = args as tf.Tensor[];
      // inputs[l] is the input of layer l: x, then each hidden activation.
      const inputs: tf.Tensor2D[] = [x];
      for (let l = 0; l < count - 1; l++) {
        inputs.push(tf.fused.matMul({ a: inputs[l] as tf.Tensor2D, b: ws[2 * l] as tf.Tensor2D, bias: ws[2 * l + 1], activation: 'relu' }) as tf.Tensor2D);
      }
      const value = tf.fused.matMul({ a: inputs[count - 1] as tf.Tensor2D, b: ws[2 * count - 2] as tf.Tensor2D, bias: ws[2 * count - 1] });
      save([...inputs, ...ws.filter((_, i) => i % 2 === 0)]);
      const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
        const grads: tf.Tensor[] = new Array<tf.Tensor>(2 * count);
        let g = dy as tf.Tensor2D;
        for (let l = count - 1; l >= 0; l--) {
          const input = saved[l] as tf.Tensor2D;
          grads[2 * l] = tf.matMul(tf.transpose(input), g);
          grads[2 * l + 1] = tf.sum(g, 0);
          // ReLU passes the gradient where its output (the next layer's input) is positive.
          if (l > 0) g = tf.mul(tf.matMul(g, tf.transpose(saved[count + l] as tf.Tensor2D)), tf.step(input));
        }
        return grads;
      };
      return { value, gradFunc };
    });
    return forward(...layers) as tf.Tensor2D;
  }

  /** The MLP's outputs for `x` with the weights given per layer, as `layers()` returns them. */
  static applyLayers(x: tf.Tensor2D, layers: readonly tf.Tensor[]): tf.Tensor2D {
    const count = layers.length / 2;
    let h = x;
    for (let l = 0; l < count; l++) {
      h = tf.fused.matMul({
        a: h,
        b: layers[2 * l] as tf.Tensor2D,
        bias: layers[2 * l + 1] as tf.Tensor1D,
        activation: l < count - 1 ? 'relu' : 'linear',
      }) as tf.Tensor2D;
    }
    return h;
  }

  /**
   * The outputs for one input computed in plain JS from a cached copy of the weights (refreshed after `changed()`),
   * written into `out`. Used to act: a forward pass of a small MLP costs less than dispatching one tfjs op.
   */
  forwardCpu(x: ArrayLike<number>, xOffset: number, out: Float64Array): Float64Array {
    this.cpuCopy ??= this.params.dataSync() as Float32Array;
    const p = this.cpuCopy;
    const layers = this.offsets.length;
    let input: ArrayLike<number> = x;
    let inOffset = xOffset;
    for (let l = 0; l < layers; l++) {
      const { w, b } = this.offsets[l] as { w: number; b: number };
      const fanIn = this.sizes[l] as number;
      const fanOut = this.sizes[l + 1] as number;
      const dest = l < layers - 1 ? (this.hidden[l] as Float64Array) : out;
      for (let j = 0; j < fanOut; j++) dest[j] = p[b + j] as number;
      for (let i = 0; i < fanIn; i++) {
        const xi = input[inOffset + i] as number;
        if (xi === 0) continue;
        const row = w + i * fanOut;
        for (let j = 0; j < fanOut; j++) dest[j] = (dest[j] as number) + xi * (p[row + j] as number);
      }
      if (l < layers - 1) for (let j = 0; j < fanOut; j++) if ((dest[j] as number) < 0) dest[j] = 0;
      input = dest;
      inOffset = 0;
    }
    return out;
  }

  /** Marks the weights as changed, so `forwardCpu` and `applyFrozen` re-read them. */
  changed(): void {
    this.cpuCopy = undefined;
    if (this.frozenLayers) tf.dispose(this.frozenLayers);
    this.frozenLayers = undefined;
  }

  /** Moves this network's weights towards `source`'s: θ ← τ θ_source + (1 − τ) θ (τ = 1 copies). */
  updateFrom(source: Mlp, tau: number): void {
    tf.tidy(() => this.params.assign(tau === 1 ? source.params : tf.add(tf.mul(source.params, tau), tf.mul(this.params, 1 - tau))));
    this.changed();
  }

  /** Sets the weights from a flat tensor of `numParams` entries. */
  setParams(values: tf.Tensor): void {
    this.params.assign(values as tf.Tensor1D);
    this.changed();
  }

  /** Releases the variable. */
  dispose(): void {
    this.changed();
    this.params.dispose();
  }
}
