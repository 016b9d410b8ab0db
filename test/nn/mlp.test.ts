import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { initBackend } from '../../src/core/backend.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { Mlp, type Activation, type Init } from '../../src/nn/mlp.js';

const CASES: { activation: Activation; init: Init }[] = [
  { activation: 'relu', init: 'pytorch' },
  { activation: 'tanh', init: 'orthogonal' },
];

describe('nn: Mlp', () => {
  before(async () => {
    await initBackend();
  });

  for (const { activation, init } of CASES) {
    it(`${activation}, ${init} init: gradients match central finite differences`, () => {
      const net = new Mlp([3, 6, 5, 2], new Rng(4), { activation, init });
      const x = tf.tensor2d([[0.5, -1, 2], [0.25, 0.3, -0.75], [1.5, 0.2, 0.1]]);
      const w = tf.tensor2d([[1, -2], [0.5, 1], [-1, 0.25]]);
      const f = (): tf.Scalar => tf.sum(tf.mul(net.apply(x), w));
      const { grads } = tf.variableGrads(f, [net.params]);
      const g = grads[net.params.name]!.dataSync();
      const theta = Float32Array.from(net.params.dataSync());
      const h = 1e-3;
      const value = (p: Float32Array): number => {
        net.setParams(tf.tensor1d(p));
        return tf.tidy(() => f().dataSync()[0] as number);
      };
      for (let i = 0; i < theta.length; i += 3) {
        const plus = theta.slice();
        const minus = theta.slice();
        plus[i] = (plus[i] as number) + h;
        minus[i] = (minus[i] as number) - h;
        const fd = (value(plus) - value(minus)) / (2 * h);
        expect(g[i], `param ${i}`).to.be.closeTo(fd, 2e-3 + 1e-2 * Math.abs(fd));
      }
      tf.dispose([x, w, ...Object.values(grads)]);
      net.dispose();
    });

    it(`${activation}: the hand-written backward equals tfjs's autodiff, and the host forward the tensor one`, () => {
      const net = new Mlp([3, 8, 5, 2], new Rng(5), { activation, init });
      tf.tidy(() => {
        const x = tf.tensor2d([[0.5, -1, 2], [0.25, 0, -0.75]]);
        const w = tf.tensor2d([[1, -2], [0.5, 1]]);
        const layers = net.layers();
        const viaHand = tf.grads((...ws: tf.Tensor[]) => tf.sum(tf.mul(net.applyLayersForGrad(x, ws), w)))(layers);
        const viaAuto = tf.grads((...ws: tf.Tensor[]) => tf.sum(tf.mul(net.applyLayers(x, ws), w)))(layers);
        viaHand.forEach((t, k) => {
          const b = viaAuto[k]!.dataSync();
          t.dataSync().forEach((v, j) => expect(v).to.be.closeTo(b[j] as number, 1e-5));
        });
        const tensorOut = net.apply(x).dataSync();
        const hostOut = net.forwardHost(x.dataSync(), 2, new Float64Array(4));
        hostOut.forEach((v, j) => expect(v).to.be.closeTo(tensorOut[j] as number, 1e-5));
      });
      net.dispose();
    });
  }

  it('orthogonal init: hidden weights have orthogonal columns of norm √2, the output layer outputGain, biases zero', () => {
    const net = new Mlp([6, 4, 3], new Rng(2), { init: 'orthogonal', outputGain: 0.01 });
    const p = net.params.dataSync();
    const col = (off: number, rows: number, cols: number, c: number): number[] => Array.from({ length: rows }, (_, r) => p[off + r * cols + c] as number);
    const dot = (a: number[], b: number[]): number => a.reduce((s, v, i) => s + v * (b[i] as number), 0);
    expect(dot(col(0, 6, 4, 0), col(0, 6, 4, 0))).to.be.closeTo(2, 1e-5);
    expect(dot(col(0, 6, 4, 0), col(0, 6, 4, 1))).to.be.closeTo(0, 1e-5);
    expect(Array.from(p.slice(24, 28))).to.deep.equal([0, 0, 0, 0]);
    // 4 × 3 output layer: orthonormal columns times 0.01.
    expect(dot(col(28, 4, 3, 2), col(28, 4, 3, 2))).to.be.closeTo(1e-4, 1e-9);
    net.dispose();
  });

  it('rejects bad layer widths, naming them', () => {
    expect(() => new Mlp([4], new Rng(0))).to.throw(InvalidArgumentError, /sizes must be >= 2 positive integers, got \[4\]/);
    expect(() => new Mlp([4, 0, 2], new Rng(0))).to.throw(InvalidArgumentError, /\[4, 0, 2\]/);
  });
});
