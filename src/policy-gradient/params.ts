import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '../core/errors.js';

/** All variables concatenated into one flat vector (the θ of the papers' update rules). */
export function getFlat(vars: readonly tf.Variable[]): Float64Array {
  const total = vars.reduce((s, v) => s + v.size, 0);
  const out = new Float64Array(total);
  let k = 0;
  for (const v of vars) {
    out.set(v.dataSync(), k);
    k += v.size;
  }
  return out;
}

/** Writes a flat vector back into the variables (the inverse of `getFlat`). */
export function setFlat(vars: readonly tf.Variable[], flat: ArrayLike<number>): void {
  const total = vars.reduce((s, v) => s + v.size, 0);
  if (flat.length !== total) throw new InvalidArgumentError(`flat parameters: length must be ${total}, got ${flat.length}`);
  let k = 0;
  for (const v of vars) {
    const part = Float32Array.from({ length: v.size }, (_, i) => flat[k + i] as number);
    tf.tidy(() => v.assign(tf.tensor(part, v.shape)));
    k += v.size;
  }
}

/** The gradient of a scalar function of the variables, flattened in `getFlat` order (a zero where unused). */
export function flatGradient(vars: readonly tf.Variable[], f: () => tf.Scalar): { value: number; grad: Float64Array } {
  const { value, grads } = tf.variableGrads(f, vars as tf.Variable[]);
  const grad = new Float64Array(vars.reduce((s, v) => s + v.size, 0));
  let k = 0;
  for (const v of vars) {
    const g = grads[v.name];
    if (g) grad.set(g.dataSync(), k);
    k += v.size;
  }
  const out = { value: value.dataSync()[0] as number, grad };
  value.dispose();
  for (const g of Object.values(grads)) g.dispose();
  return out;
}
