import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../../src/core/backend.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { Adam } from '../../src/nn/adam.js';
import { loadNetCheckpoint, saveNetCheckpoint } from '../../src/nn/checkpoint.js';
import { clipByGlobalNorm } from '../../src/nn/clip.js';
import { Mlp } from '../../src/nn/mlp.js';

/** A network, a loose variable (as a Gaussian policy's log std) and one Adam over both. */
function setup(): { net: Mlp; logStd: tf.Variable; adam: Adam } {
  const net = new Mlp([3, 8, 2], new Rng(1), { activation: 'tanh', init: 'orthogonal' });
  const logStd = tf.variable(tf.tensor1d([0.1, -0.2]));
  return { net, logStd, adam: new Adam([net.params, logStd], { learningRate: 0.01, eps: 1e-5 }) };
}

/** `k` clipped Adam steps on a fixed regression, the learning rate falling (a schedule). */
function train(s: ReturnType<typeof setup>, from: number, k: number): void {
  const x = tf.tensor2d([[1, 2, 3], [-1, 0.5, 0], [0.2, 0.2, -2]]);
  const y = tf.tensor2d([[1, 0], [0, 1], [0.5, -0.5]]);
  for (let i = from; i < from + k; i++) {
    s.adam.learningRate = 0.01 * (1 - i / 100);
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.mean(tf.square(tf.sub(tf.mul(s.net.apply(x), tf.exp(s.logStd)), y))), [s.net.params, s.logStd]);
      s.adam.step(clipByGlobalNorm([grads[s.net.params.name]!, grads[s.logStd.name]!], 0.5).grads);
    });
  }
  tf.dispose([x, y]);
}

describe('nn: Adam', () => {
  let dir: string;
  before(async () => {
    await initBackend();
    dir = await mkdtemp(join(tmpdir(), 'adam-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('takes a first step of lr · g / (|g| + eps′) per coordinate', () => {
    const p = tf.variable(tf.tensor1d([1, -2]));
    const adam = new Adam([p], { learningRate: 0.1 });
    tf.tidy(() => adam.step([tf.tensor1d([4, -0.5])]));
    const out = p.dataSync();
    expect(out[0]).to.be.closeTo(0.9, 1e-6);
    expect(out[1]).to.be.closeTo(-1.9, 1e-6);
    expect(adam.steps).to.equal(1);
    expect(() => adam.step([])).to.throw(InvalidArgumentError, /1 gradients expected, got 0/);
    adam.dispose();
    p.dispose();
  });

  it('holds no tensors once disposed: construct, step, dispose leaves the count where it was', () => {
    const p = tf.variable(tf.tensor1d([1, -2]));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const adam = new Adam([p], { learningRate: 0.1 });
      tf.tidy(() => adam.step([tf.tensor1d([4, -0.5])]));
      adam.dispose();
    }
    expect(tf.memory().numTensors).to.equal(before);
    p.dispose();
  });

  it('save → load → continue equals the uninterrupted run bit for bit', async () => {
    const a = setup();
    train(a, 0, 30);
    const b = setup();
    train(b, 0, 15);
    await saveNetCheckpoint(join(dir, 'ckpt'), { nets: { net: b.net }, variables: { logStd: b.logStd }, optimizers: { adam: b.adam } });
    const c = setup();
    await loadNetCheckpoint(join(dir, 'ckpt'), { nets: { net: c.net }, variables: { logStd: c.logStd }, optimizers: { adam: c.adam } }, 'test');
    expect(c.adam.steps).to.equal(15);
    train(c, 15, 15);
    expect(Array.from(c.net.params.dataSync())).to.deep.equal(Array.from(a.net.params.dataSync()));
    expect(Array.from(c.logStd.dataSync())).to.deep.equal(Array.from(a.logStd.dataSync()));
    for (const s of [a, b, c]) {
      s.net.dispose();
      s.logStd.dispose();
      s.adam.dispose();
    }
  });

  it('a checkpoint whose network shape differs is an error naming both shapes', async () => {
    const small = new Mlp([4, 32, 2], new Rng(0));
    await saveNetCheckpoint(join(dir, 'small'), { nets: { q: small } });
    const big = new Mlp([4, 64, 64, 2], new Rng(0));
    let err: unknown;
    await loadNetCheckpoint(join(dir, 'small'), { nets: { q: big } }, 'Dqn.load').catch((e: unknown) => (err = e));
    expect(err).to.be.instanceOf(InvalidArgumentError);
    expect((err as Error).message).to.match(/Dqn\.load: .*network "q" of shape \[4, 32, 2\]; this agent's is \[4, 64, 64, 2\]/);
    small.dispose();
    big.dispose();
  });
});

describe('nn: clipByGlobalNorm', () => {
  it('rescales to the global norm bound as clip_grad_norm_, and leaves smaller gradients alone', () => {
    tf.tidy(() => {
      const gs = [tf.tensor1d([3]), tf.tensor1d([0, 4])];
      const { grads, norm } = clipByGlobalNorm(gs, 1);
      expect(norm.dataSync()[0]).to.be.closeTo(5, 1e-6);
      expect(grads[0]!.dataSync()[0]).to.be.closeTo(0.6, 1e-6);
      expect(grads[1]!.dataSync()[1]).to.be.closeTo(0.8, 1e-6);
      expect(Array.from(clipByGlobalNorm(gs, 10).grads[1]!.dataSync())).to.deep.equal([0, 4]);
    });
  });
});
