import type * as tf from '@tensorflow/tfjs';
import type { Activation, Mlp } from '../nn/mlp.js';
import type { Rng } from '../core/rng.js';

/** The network of a policy or value net, named as SB3's `policy_kwargs`; defaults in brackets. */
export interface PolicyNetOptions {
  /** Hidden layer widths [(64, 64)]. */
  readonly netArch?: readonly number[];
  /** Hidden-layer nonlinearity ['tanh']. */
  readonly activationFn?: Activation;
}

/** Actions of a batch: integer indices for discrete policies, row-major vectors for continuous ones. */
export type ActionBatch = Int32Array | Float32Array;

/**
 * A stochastic policy π_θ(a|s) with tfjs parameters. `logProb` and `entropy` are differentiable (training);
 * `sample` and `mode` run in plain JavaScript on `n` stacked observations (acting), drawing through `Rng`.
 */
export interface Policy {
  /** The network; `variables` starts with its parameters. */
  readonly net: Mlp;
  /** Every trainable variable, in `getFlat` order. */
  readonly variables: tf.Variable[];
  /** The trainable variables besides the network's, by name (for checkpoints): a Gaussian's log std. */
  readonly extraVariables: Readonly<Record<string, tf.Variable>>;
  /** Length of one observation row. */
  readonly obsDim: number;
  /** Length of one action row (1 for a discrete action). */
  readonly actDim: number;
  /** log π(a_i|s_i) for each row, `[n]`. */
  logProb(obs: tf.Tensor2D, actions: tf.Tensor): tf.Tensor1D;
  /** Entropy of π(·|s_i) for each row, `[n]`. */
  entropy(obs: tf.Tensor2D): tf.Tensor1D;
  /** Both, from one forward pass (the actor-critic loss needs the two). */
  evaluate(obs: tf.Tensor2D, actions: tf.Tensor): { logProb: tf.Tensor1D; entropy: tf.Tensor1D };
  /** Actions drawn from π(·|s_i). */
  sample(obs: ArrayLike<number>, n: number, rng: Rng): ActionBatch;
  /** The most likely action of each row (greedy evaluation). */
  mode(obs: ArrayLike<number>, n: number): ActionBatch;
  /** Actions as the tensor `logProb` expects. */
  actionTensor(actions: ArrayLike<number>, n: number): tf.Tensor;
  /** Sets the variables to θ (flat, in `getFlat` order) and the acting copy with them, reading nothing back. */
  assign(theta: ArrayLike<number>): void;
  /**
   * Refreshes the acting copy of the weights after the variables changed, reading asynchronously (the webgpu
   * backend has no synchronous read in Node); `sample` and `mode` use it until the next change. `extra` tensors (the
   * update's logged scalars) come back in the same read: their values, flattened, are what it resolves to.
   */
  syncAsync(extra?: readonly tf.Tensor[]): Promise<Float32Array>;
  dispose(): void;
}
