import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { orthogonalMatrix } from './orthogonal.js';

/** Hidden-layer nonlinearity of an `Mlp`. */
export type Activation = 'relu' | 'tanh';

/**
 * Initial weights: 'pytorch' is `nn.Linear`'s default (weights and biases uniform in ±1/√fan_in); 'orthogonal' is
 * Saxe et al. (2014) as SB3's policies use it (gain √2 on hidden layers, biases zero).
 */
export type Init = 'pytorch' | 'orthogonal';

/** Options of `Mlp`. */
export interface MlpOptions {
  readonly activation: Activation;
  readonly init: Init;
  /** Scale of the last layer's initial weights; small (0.01) makes a policy start near uniform. */
  readonly outputGain: number;
  /** Prefix of the variable's name. */
  readonly name: string;
}

/** Defaults of `MlpOptions`: DQN's network (ReLU, PyTorch init). */
export const MLP_DEFAULTS: MlpOptions = { activation: 'relu', init: 'pytorch', outputGain: 1, name: 'mlp' };

let instances = 0;

/** tanh as 2σ(2x) − 1: the wasm backend's Tanh kernel is several times slower than Sigmoid. */
function tanh(x: tf.Tensor2D): tf.Tensor2D {
  return tf.sub(tf.mul(tf.sigmoid(tf.mul(x, 2)), 2), 1);
}

/** The layer widths as a string, for error messages: "[4, 64, 64, 2]". */
export function describeSizes(sizes: readonly number[]): string {
  return `[${sizes.join(', ')}]`;
}

/**
 * A multilayer perceptron (ReLU or tanh hidden layers, linear output) whose weights live in ONE flat tfjs variable,
 * laid out W0, b0, W1, b1, ... (each W row-major `[fanIn, fanOut]`). On tfjs-wasm the cost of an update is mostly
 * per-op overhead, and one variable makes Adam and gradient clipping a handful of ops instead of a dozen per tensor.
 * Acting reads a host copy of the weights (`forwardHost`): a forward pass of a small MLP costs less than dispatching
 * one tfjs op.
 */
export class Mlp {
  readonly sizes: readonly number[];
  readonly options: MlpOptions;
  /** All weights and biases, flat. */
  readonly params: tf.Variable<tf.Rank.R1>;
  /** Offsets of W_l and b_l in `params`. */
  private readonly offsets: { readonly w: number; readonly b: number }[] = [];
  private hostCopy: Float32Array | undefined;
  private frozenLayers: tf.Tensor[] | undefined;
  private readonly hidden: Float64Array[];

  /** A network with layer widths `sizes` (input first, output last), initialised from `rng` as `options.init` says. */
  constructor(sizes: readonly number[], rng: Rng, options: Partial<MlpOptions> = {}) {
    if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
      throw new InvalidArgumentError(`Mlp: sizes must be >= 2 positive integers, got ${describeSizes(sizes)}`);
    }
    this.options = { ...MLP_DEFAULTS, ...options };
    this.sizes = [...sizes];
    let total = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const fanIn = sizes[l] as number;
      const fanOut = sizes[l + 1] as number;
      this.offsets.push({ w: total, b: total + fanIn * fanOut });
      total += fanIn * fanOut + fanOut;
    }
    const init = this.options.init === 'pytorch' ? this.pytorchInit(total, rng) : this.orthogonalInit(total, rng);
    // tidy frees the initial value; the variable survives it. tfjs names variables globally: a counter makes it unique.
    this.params = tf.tidy(() => tf.variable(tf.tensor1d(init), true, `${this.options.name}_${instances++}`));
    this.hidden = sizes.slice(1, -1).map((h) => new Float64Array(h));
    this.hostCopy = init;
  }

  private pytorchInit(total: number, rng: Rng): Float32Array {
    const init = new Float32Array(total);
    const layers = this.offsets.length;
    for (let l = 0; l < layers; l++) {
      const bound = 1 / Math.sqrt(this.sizes[l] as number);
      const { w, b } = this.offsets[l] as { w: number; b: number };
      const end = l + 1 < layers ? (this.offsets[l + 1] as { w: number }).w : total;
      for (let i = w; i < end; i++) init[i] = rng.uniform(-bound, bound);
      if (l === layers - 1 && this.options.outputGain !== 1) for (let i = w; i < b; i++) init[i] = (init[i] as number) * this.options.outputGain;
    }
    return init;
  }

  private orthogonalInit(total: number, rng: Rng): Float32Array {
    const init = new Float32Array(total);
    const layers = this.offsets.length;
    for (let l = 0; l < layers; l++) {
      const gain = l === layers - 1 ? this.options.outputGain : Math.SQRT2;
      init.set(orthogonalMatrix(this.sizes[l] as number, this.sizes[l + 1] as number, gain, rng), (this.offsets[l] as { w: number }).w);
    }
    return init;
  }

  /** The number of weights and biases. */
  get numParams(): number {
    return this.params.size;
  }

  /** The outputs for a batch of inputs `[n, sizes[0]]`, differentiable with respect to `params`; call inside `tf.tidy`. */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    return this.applyLayersForGrad(x, this.layers());
  }

  /**
   * `apply` for a network that is not being differentiated (the target network): the per-layer slices are kept
   * until the weights change, instead of being cut on every call.
   */
  applyFrozen(x: tf.Tensor2D): tf.Tensor2D {
    this.frozenLayers ??= this.layers().map((t) => tf.keep(t));
    return this.applyLayers(x, this.frozenLayers);
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

  /** One hidden layer: x·W + b through the activation. */
  private hiddenLayer(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor): tf.Tensor2D {
    if (this.options.activation === 'relu') return tf.fused.matMul({ a: x, b: w, bias: b, activation: 'relu' }) as tf.Tensor2D;
    return tanh(tf.fused.matMul({ a: x, b: w, bias: b }) as tf.Tensor2D);
  }

  /**
   * `applyLayers` with its backward pass written out, to differentiate with respect to the layers (call inside
   * `tf.grads`/`tf.valueAndGrads`/`tf.variableGrads`; no gradient flows to `x`). tfjs-wasm runs a matMul with a
   * transposed operand about 5x slower than a plain one, and autodiff's backward uses those; here each transpose is
   * explicit.
   */
  applyLayersForGrad(x: tf.Tensor2D, layers: readonly tf.Tensor[]): tf.Tensor2D {
    const count = layers.length / 2;
    const relu = this.options.activation === 'relu';
    const forward = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const save = args.pop() as tf.GradSaveFunc;
      const ws = args as tf.Tensor[];
      // inputs[l] is the input of layer l: x, then each hidden activation.
      const inputs: tf.Tensor2D[] = [x];
      for (let l = 0; l < count - 1; l++) inputs.push(this.hiddenLayer(inputs[l] as tf.Tensor2D, ws[2 * l] as tf.Tensor2D, ws[2 * l + 1] as tf.Tensor));
      const value = tf.fused.matMul({ a: inputs[count - 1] as tf.Tensor2D, b: ws[2 * count - 2] as tf.Tensor2D, bias: ws[2 * count - 1] });
      save([...inputs, ...ws.filter((_, i) => i % 2 === 0)]);
      const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
        const grads: tf.Tensor[] = new Array<tf.Tensor>(2 * count);
        let g = dy as tf.Tensor2D;
        for (let l = count - 1; l >= 0; l--) {
          const input = saved[l] as tf.Tensor2D;
          grads[2 * l] = tf.matMul(tf.transpose(input), g);
          grads[2 * l + 1] = tf.sum(g, 0);
          if (l === 0) continue;
          const back = tf.matMul(g, tf.transpose(saved[count + l] as tf.Tensor2D));
          // ReLU passes the gradient where its output (the next layer's input) is positive; tanh' = 1 − tanh².
          g = tf.mul(back, relu ? tf.step(input) : tf.sub(1, tf.square(input)));
        }
        return grads;
      };
      return { value, gradFunc };
    });
    return forward(...layers) as tf.Tensor2D;
  }

  /** The MLP's outputs for `x` with the weights given per layer, as `layers()` returns them. */
  applyLayers(x: tf.Tensor2D, layers: readonly tf.Tensor[]): tf.Tensor2D {
    const count = layers.length / 2;
    let h = x;
    for (let l = 0; l < count - 1; l++) h = this.hiddenLayer(h, layers[2 * l] as tf.Tensor2D, layers[2 * l + 1] as tf.Tensor);
    return tf.fused.matMul({ a: h, b: layers[2 * count - 2] as tf.Tensor2D, bias: layers[2 * count - 1] as tf.Tensor1D }) as tf.Tensor2D;
  }

  /**
   * Reads the weights into the host copy that `forwardHost` uses (asynchronously: the webgpu backend has no
   * synchronous read in Node). Call after the weights changed and before acting. `extra` tensors (a loss, a log
   * std) come back in the same read, flattened one after another: one read per refresh, however many scalars the
   * logger wants with it. They stay the caller's to dispose.
   */
  async syncHost(extra: readonly tf.Tensor[] = []): Promise<Float32Array> {
    const n = this.numParams;
    if (extra.length === 0) {
      this.hostCopy = (await this.params.data()) as Float32Array;
      return new Float32Array(0);
    }
    const both = tf.tidy(() => tf.concat([this.params, ...extra.map((t) => tf.reshape(t, [-1]))]));
    try {
      const values = (await both.data()) as Float32Array;
      this.hostCopy = values.subarray(0, n);
      return values.subarray(n);
    } finally {
      both.dispose();
    }
  }

  /** Sets the host copy from the weights' values known on the host (just assigned), instead of reading them back. */
  setHostCopy(values: Float32Array): void {
    if (values.length !== this.numParams) throw new InvalidArgumentError(`Mlp.setHostCopy: ${this.numParams} values expected, got ${values.length}`);
    this.hostCopy = values;
  }

  /** The host copy, read synchronously when `syncHost` was not awaited since the last change (cpu and wasm only). */
  private host(): Float32Array {
    this.hostCopy ??= this.params.dataSync() as Float32Array;
    return this.hostCopy;
  }

  /**
   * The outputs for `n` inputs stacked row-major from `xOffset`, computed on the host from the copy of the weights,
   * written row-major into `out` (`n × output`). One call serves a whole batch of env copies.
   */
  forwardHost(x: ArrayLike<number>, n: number, out: Float64Array, xOffset = 0): Float64Array {
    const p = this.host();
    const layers = this.offsets.length;
    const inDim = this.sizes[0] as number;
    const outDim = this.sizes[layers] as number;
    const relu = this.options.activation === 'relu';
    for (let r = 0; r < n; r++) {
      let input: ArrayLike<number> = x;
      let inOffset = xOffset + r * inDim;
      for (let l = 0; l < layers; l++) {
        const { w, b } = this.offsets[l] as { w: number; b: number };
        const fanIn = this.sizes[l] as number;
        const fanOut = this.sizes[l + 1] as number;
        const last = l === layers - 1;
        const dest = last ? out : (this.hidden[l] as Float64Array);
        const o = last ? r * outDim : 0;
        for (let j = 0; j < fanOut; j++) dest[o + j] = p[b + j] as number;
        for (let i = 0; i < fanIn; i++) {
          const xi = input[inOffset + i] as number;
          if (xi === 0) continue;
          const row = w + i * fanOut;
          for (let j = 0; j < fanOut; j++) dest[o + j] = (dest[o + j] as number) + xi * (p[row + j] as number);
        }
        if (!last) {
          for (let j = 0; j < fanOut; j++) {
            const v = dest[j] as number;
            if (!relu) dest[j] = Math.tanh(v);
            else if (v < 0) dest[j] = 0;
          }
        }
        input = dest;
        inOffset = 0;
      }
    }
    return out;
  }

  /** Marks the weights as changed, so the host copy and `applyFrozen`'s slices are cut again. */
  changed(): void {
    this.hostCopy = undefined;
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
