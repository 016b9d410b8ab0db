// The DQN and PPO gradient steps written with plain tfjs ops (no agent code), so the backends bench and the webgpu
// tests time and check the same arithmetic on every backend. Inputs come from a seeded Rng as host arrays, so each
// backend starts from the same numbers. Every read is `await data()`: webgpu in Node has no synchronous read.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../src/core/rng.js';

/** An MLP's weights and biases, layer by layer: [W1, b1, W2, b2, ...]. */
export type MlpVariables = tf.Variable[];

/** Host values of an MLP with `sizes` = [in, hidden..., out], PyTorch's default init: U(±1/√fanIn) for W and b. */
export function mlpValues(sizes: readonly number[], rng: Rng): Float32Array[] {
  const out: Float32Array[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fanIn = sizes[l] as number;
    const fanOut = sizes[l + 1] as number;
    const bound = 1 / Math.sqrt(fanIn);
    for (const n of [fanIn * fanOut, fanOut]) out.push(Float32Array.from({ length: n }, () => rng.uniform(-bound, bound)));
  }
  return out;
}

/** The MLP's variables on the current backend, holding `values` (from `mlpValues` with the same `sizes`). */
export function mlpVariables(sizes: readonly number[], values: readonly Float32Array[]): MlpVariables {
  return values.map((v, k) => {
    const l = Math.floor(k / 2);
    const shape = k % 2 === 0 ? [sizes[l] as number, sizes[l + 1] as number] : [sizes[l + 1] as number];
    return tf.tidy(() => tf.variable(tf.tensor(v, shape), true));
  });
}

/** relu hidden layers, linear output: [n, in] → [n, out]. */
export function mlpForward(vars: MlpVariables, x: tf.Tensor2D): tf.Tensor2D {
  let h = x;
  for (let k = 0; k < vars.length; k += 2) {
    h = tf.add(tf.matMul(h, vars[k] as tf.Tensor2D), vars[k + 1] as tf.Tensor1D);
    if (k + 2 < vars.length) h = tf.relu(h);
  }
  return h;
}

/** A replay minibatch as tensors; `actions` are int32 indices `[n]` (a `TensorReplayBuffer` sample is one). */
export interface DqnBatch {
  readonly obs: tf.Tensor2D;
  readonly actions: tf.Tensor;
  readonly rewards: tf.Tensor1D;
  readonly nextObs: tf.Tensor2D;
  readonly terminated: tf.Tensor1D;
}

/**
 * One DQN gradient step (Mnih et al. 2015, eq. 3, Huber loss): y = r + γ(1 − d)·max_a' Q_target(s', a'),
 * loss = Huber(Q(s, a) − y); gradients by `tf.variableGrads`, then the optimizer's step. Returns the loss (caller
 * disposes).
 */
export function dqnStep(opt: tf.Optimizer, online: MlpVariables, target: MlpVariables, b: DqnBatch, gamma: number): tf.Scalar {
  const nActions = (online[online.length - 1] as tf.Variable).shape[0] as number;
  const y = tf.tidy(() => {
    const next = tf.max(mlpForward(target, b.nextObs), 1);
    return tf.add(b.rewards, tf.mul(tf.mul(gamma, tf.sub(1, b.terminated)), next));
  });
  const { value, grads } = tf.variableGrads(() => {
    const q = tf.sum(tf.mul(mlpForward(online, b.obs), tf.oneHot(b.actions, nActions)), 1);
    return tf.losses.huberLoss(y, q) as tf.Scalar;
  }, online);
  opt.applyGradients(grads);
  tf.dispose([y, grads]);
  return value;
}

/** A PPO minibatch as tensors; `actions` are int32 indices of a categorical policy. */
export interface PpoBatch {
  readonly obs: tf.Tensor2D;
  readonly actions: tf.Tensor1D;
  readonly oldLogProbs: tf.Tensor1D;
  readonly advantages: tf.Tensor1D;
  readonly returns: tf.Tensor1D;
}

/** PPO's loss coefficients (SB3's defaults: clip 0.2, value 0.5, entropy 0). */
export interface PpoCoefs {
  readonly clipRange: number;
  readonly vfCoef: number;
  readonly entCoef: number;
}

/**
 * One PPO minibatch step (Schulman et al. 2017, eq. 9): ratio r = π(a|s)/π_old(a|s), loss =
 * −mean(min(r·Â, clip(r, 1 ± ε)·Â)) + c_v·mean((V(s) − R)²) − c_e·H[π(·|s)], over the policy and value nets together.
 * Returns the loss (caller disposes).
 */
export function ppoStep(opt: tf.Optimizer, policy: MlpVariables, value: MlpVariables, b: PpoBatch, c: PpoCoefs): tf.Scalar {
  const nActions = (policy[policy.length - 1] as tf.Variable).shape[0] as number;
  const { value: loss, grads } = tf.variableGrads(() => {
    const logp = tf.logSoftmax(mlpForward(policy, b.obs));
    const logpA = tf.sum(tf.mul(logp, tf.oneHot(b.actions, nActions)), 1);
    const ratio = tf.exp(tf.sub(logpA, b.oldLogProbs));
    const surrogate = tf.minimum(tf.mul(ratio, b.advantages), tf.mul(tf.clipByValue(ratio, 1 - c.clipRange, 1 + c.clipRange), b.advantages));
    const v = tf.reshape(mlpForward(value, b.obs), [-1]);
    const entropy = tf.neg(tf.mean(tf.sum(tf.mul(tf.exp(logp), logp), 1)));
    return tf.sub(tf.add(tf.neg(tf.mean(surrogate)), tf.mul(c.vfCoef, tf.mean(tf.squaredDifference(v, b.returns)))), tf.mul(c.entCoef, entropy)) as tf.Scalar;
  }, [...policy, ...value]);
  opt.applyGradients(grads);
  tf.dispose(grads);
  return loss;
}

/** Host rows of a random DQN minibatch: observations ~ N(0, 1), uniform actions, rewards in [0, 1), 10% terminal. */
export function dqnRows(rng: Rng, n: number, obsDim: number, nActions: number) {
  const normal = (len: number) => Float32Array.from({ length: len }, () => rng.normal());
  return {
    n,
    obs: normal(n * obsDim),
    actions: Float32Array.from({ length: n }, () => rng.integer(0, nActions)),
    rewards: Float32Array.from({ length: n }, () => rng.random()),
    nextObs: normal(n * obsDim),
    terminated: Float32Array.from({ length: n }, () => (rng.random() < 0.1 ? 1 : 0)),
  };
}

/** `dqnRows` as tensors on the current backend (caller disposes). */
export function dqnBatch(rows: ReturnType<typeof dqnRows>, obsDim: number): DqnBatch {
  return {
    obs: tf.tensor2d(rows.obs, [rows.n, obsDim]),
    actions: tf.tensor1d(Int32Array.from(rows.actions), 'int32'),
    rewards: tf.tensor1d(rows.rewards),
    nextObs: tf.tensor2d(rows.nextObs, [rows.n, obsDim]),
    terminated: tf.tensor1d(rows.terminated),
  };
}

/** A random PPO minibatch on the current backend: log-probs of a uniform policy, advantages and returns ~ N(0, 1). */
export function ppoBatch(rng: Rng, n: number, obsDim: number, nActions: number): PpoBatch {
  const normal = (len: number) => Float32Array.from({ length: len }, () => rng.normal());
  return {
    obs: tf.tensor2d(normal(n * obsDim), [n, obsDim]),
    actions: tf.tensor1d(Int32Array.from({ length: n }, () => rng.integer(0, nActions)), 'int32'),
    oldLogProbs: tf.fill([n], -Math.log(nActions)) as tf.Tensor1D,
    advantages: tf.tensor1d(normal(n)),
    returns: tf.tensor1d(normal(n)),
  };
}

/** Every variable's values read back (asynchronously: the only read webgpu has in Node). */
export async function readVariables(vars: readonly tf.Variable[]): Promise<Float32Array[]> {
  return Promise.all(vars.map(async (v) => (await v.data()) as Float32Array));
}
