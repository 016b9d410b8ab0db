import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { initBackend } from '../../src/core/backend.js';
import { SavableAdam } from '../../src/policy-gradient/savable-adam.js';

/** `steps` Adam steps on a fixed quadratic from `opt`'s current state; returns the parameters' bits. */
function descend(opt: tf.Optimizer, w: tf.Variable, steps: number): number[] {
  for (let k = 0; k < steps; k++) {
    opt.minimize(() => tf.sum(tf.square(tf.sub(w, tf.tensor1d([1, -2, 3])))) as tf.Scalar, false, [w]);
  }
  return Array.from(w.dataSync());
}

describe('policy-gradient: SavableAdam', () => {
  before(async () => {
    await initBackend('wasm');
  });

  it('restored from its state (through JSON), continues bit for bit as the optimizer that was never stopped', async () => {
    const w = tf.variable(tf.tensor1d([0.3, 0.1, -0.2]));
    const a = new SavableAdam(0.05);
    descend(a, w, 37);
    const state = JSON.parse(JSON.stringify(await a.getState())) as Awaited<ReturnType<SavableAdam['getState']>>;
    const at = Array.from(w.dataSync());
    const ahead = descend(a, w, 50);
    w.assign(tf.tensor1d(at));
    const b = new SavableAdam(0.05);
    await b.setState(state);
    expect(descend(b, w, 50)).to.deep.equal(ahead);
    a.dispose();
    b.dispose();
    w.dispose();
  });

  it("is needed: tfjs's own getWeights/setWeights resume a few ulps off (it recomputes the β powers with pow)", async () => {
    const w = tf.variable(tf.tensor1d([0.3, 0.1, -0.2]));
    const a = new tf.AdamOptimizer(0.05, 0.9, 0.999, 1e-5);
    descend(a, w, 37);
    const saved = (await a.getWeights()).map((x) => ({ name: x.name, tensor: x.tensor.clone() }));
    const at = Array.from(w.dataSync());
    const ahead = descend(a, w, 50);
    w.assign(tf.tensor1d(at));
    const b = new tf.AdamOptimizer(0.05, 0.9, 0.999, 1e-5);
    await b.setWeights(saved);
    expect(descend(b, w, 50)).to.not.deep.equal(ahead);
    a.dispose();
    b.dispose();
    w.dispose();
  });
});
