import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { Mlp } from '../src/agents/mlp.js';
import { initBackend } from '../src/core/backend.js';
import { Rng } from '../src/core/rng.js';

describe('Mlp', () => {
  before(async () => {
    await initBackend();
  });

  it('has a hand-written backward pass that matches tfjs autodiff', () => {
    const net = new Mlp([3, 8, 5, 2], new Rng(4));
    tf.tidy(() => {
      const x = tf.tensor2d(Array.from({ length: 18 }, (_, i) => Math.sin(i)), [6, 3]);
      const w = tf.tensor2d(Array.from({ length: 12 }, (_, i) => Math.cos(i)), [6, 2]);
      const layers = net.layers();
      const grads = (apply: typeof Mlp.applyLayers) => tf.grads((...ws: tf.Tensor[]) => tf.sum(tf.mul(apply(x, ws), w)))(layers);
      const auto = grads(Mlp.applyLayers);
      const mine = grads(Mlp.applyLayersForGrad);
      auto.forEach((g, i) => {
        expect(mine[i]?.shape).to.deep.equal(g.shape);
        const a = g.dataSync();
        const b = (mine[i] as tf.Tensor).dataSync();
        a.forEach((v, k) => expect(b[k]).to.be.closeTo(v, 1e-5));
      });
    });
    net.dispose();
  });

  it('computes the same outputs in plain JS (for acting) as with tfjs', () => {
    const net = new Mlp([3, 8, 2], new Rng(5));
    const x = Float32Array.from([0.5, -1, 2, 0.25, 0, -0.75]);
    const tfOut = tf.tidy(() => net.apply(tf.tensor2d(x, [2, 3])).dataSync());
    const out = new Float64Array(2);
    for (let row = 0; row < 2; row++) {
      net.forwardCpu(x, 3 * row, out);
      expect(out[0]).to.be.closeTo(tfOut[2 * row] as number, 1e-5);
      expect(out[1]).to.be.closeTo(tfOut[2 * row + 1] as number, 1e-5);
    }
    net.dispose();
  });
});
