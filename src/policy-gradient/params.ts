import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../core/errors.js';

/** The total number of entries of the variables. */
function totalSize(vars: readonly tf.Tensor[]): number {
  return vars.reduce((s, v) => s + v.size, 0);
}

/**
 * The tensors concatenated into one flat vector, read back in ONE asynchronous read (the webgpu backend has no
 * synchronous read in Node).
 */
async function readConcat(tensors: readonly tf.Tensor[]): Promise<Float32Array> {
  const flat = tf.tidy(() => tf.concat(tensors.map((t) => tf.reshape(t, [-1]))));
  try {
    return (await flat.data()) as Float32Array;
  } finally {
    flat.dispose();
  }
}

/** All variables concatenated into one flat vector (the θ of the papers' update rules), read asynchronously. */
export async function getFlat(vars: readonly tf.Variable[]): Promise<Float64Array> {
  return Float64Array.from(await readConcat(vars));
}

/** Writes a flat vector back into the variables (the inverse of `getFlat`). */
export function setFlat(vars: readonly tf.Variable[], flat: ArrayLike<number>): void {
  const total = totalSize(vars);
  if (flat.length !== total) throw new InvalidArgumentError(`flat parameters: length must be ${total}, got ${flat.length}`);
  let k = 0;
  for (const v of vars) {
    const part = Float32Array.from({ length: v.size }, (_, i) => flat[k + i] as number);
    tf.tidy(() => v.assign(tf.tensor(part, v.shape)));
    k += v.size;
  }
}

/**
 * The gradient of a scalar function of the variables, flattened in `getFlat` order (a zero where unused), with the
 * function's value: both in one asynchronous read.
 */
export async function flatGradient(vars: readonly tf.Variable[], f: () => tf.Scalar): Promise<{ value: number; grad: Float64Array }> {
  const { value, grads } = tf.variableGrads(f, vars as tf.Variable[]);
  const parts = [value, ...vars.map((v) => grads[v.name] ?? tf.zeros([v.size]))];
  let data: Float32Array;
  try {
    data = await readConcat(parts);
  } finally {
    tf.dispose([...parts, ...Object.values(grads)]);
  }
  return { value: data[0] as number, grad: Float64Array.from(data.subarray(1)) };
}
