import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs';
import { BACKEND_ENV_VAR, type BackendName, describeBackend, initBackend } from '../../src/core/backend.js';
import { StateError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { TensorReplayBuffer } from '../../src/replay/tensor-buffer.js';
import {
  dqnRows,
  dqnStep,
  mlpValues,
  mlpVariables,
  ppoBatch,
  ppoStep,
  readVariables,
} from '../../bench/support/plain-updates.js';

/** Set to 1 (CI does) to fail, not skip, these tests where no WebGPU adapter exists. */
const REQUIRE_VAR = 'CONVERGE_REQUIRE_WEBGPU';
const RTOL = 1e-4;

/** max|a − b| ≤ rtol·max|b| for each pair: the backends' float32 sums differ in order, not in meaning. */
function expectClose(a: readonly Float32Array[], b: readonly Float32Array[], what: string): void {
  expect(a.length, what).to.equal(b.length);
  a.forEach((x, k) => {
    const y = b[k] as Float32Array;
    let diff = 0;
    let scale = 0;
    for (let i = 0; i < y.length; i++) {
      diff = Math.max(diff, Math.abs((x[i] as number) - (y[i] as number)));
      scale = Math.max(scale, Math.abs(y[i] as number));
    }
    expect(diff, `${what} [${k}]: max |diff| ${diff} against max |value| ${scale}`).to.be.at.most(RTOL * scale);
  });
}

/** `steps` DQN updates on minibatches drawn from a tensor replay buffer; returns the losses and final weights. */
async function dqnRun(backend: BackendName, steps: number): Promise<Float32Array[]> {
  await initBackend(backend);
  const rng = new Rng(7);
  const sizes = [4, 32, 32, 2];
  const init = mlpValues(sizes, rng);
  const online = mlpVariables(sizes, init);
  const target = mlpVariables(sizes, init);
  const buffer = new TensorReplayBuffer({ capacity: 1000, obsDim: 4, flushEvery: 250 });
  buffer.addBatch(dqnRows(rng, 500, 4, 2));
  const opt = tf.train.adam(1e-3);
  const losses: tf.Scalar[] = [];
  for (let s = 1; s <= steps; s++) {
    losses.push(tf.tidy(() => dqnStep(opt, online, target, buffer.sampleTensors(32, rng), 0.99)));
    if (s % 10 === 0) online.forEach((v, k) => (target[k] as tf.Variable).assign(v));
  }
  const out = [Float32Array.from(await Promise.all(losses.map(async (l) => (await l.data())[0] as number))), ...(await readVariables(online))];
  tf.dispose([...losses, ...online, ...target]);
  opt.dispose();
  buffer.dispose();
  return out;
}

/** `steps` PPO minibatch updates of a policy and a value net; returns the losses and final weights. */
async function ppoRun(backend: BackendName, steps: number): Promise<Float32Array[]> {
  await initBackend(backend);
  const rng = new Rng(11);
  const policy = mlpVariables([4, 32, 32, 2], mlpValues([4, 32, 32, 2], rng));
  const value = mlpVariables([4, 32, 32, 1], mlpValues([4, 32, 32, 1], rng));
  const batch = ppoBatch(rng, 64, 4, 2);
  const opt = tf.train.adam(3e-4);
  const losses: tf.Scalar[] = [];
  for (let s = 0; s < steps; s++) losses.push(ppoStep(opt, policy, value, batch, { clipRange: 0.2, vfCoef: 0.5, entCoef: 0.01 }));
  const out = [Float32Array.from(await Promise.all(losses.map(async (l) => (await l.data())[0] as number))), ...(await readVariables([...policy, ...value]))];
  tf.dispose([...losses, ...policy, ...value, ...Object.values(batch)]);
  opt.dispose();
  return out;
}

describe('core/backend: the webgpu backend (Dawn in Node)', function () {
  let base: BackendName = 'cpu';

  before(async function () {
    base = (await initBackend()).name;
    try {
      await initBackend('webgpu');
    } catch (e) {
      if (process.env[REQUIRE_VAR] === '1') throw e;
      console.log(`    skipped: no WebGPU adapter (${(e as Error).message.slice(0, 80)}...); set ${REQUIRE_VAR}=1 to fail instead`);
      this.skip();
    }
  });

  after(async () => {
    await initBackend(base);
  });

  it('runs matMul, a gradient and an Adam step to the hand-computed and cpu numbers', async () => {
    const sgdAdam = async (backend: BackendName) => {
      await initBackend(backend);
      const w = tf.variable(tf.tensor2d([[1, -2], [0.5, 3]]));
      const x = tf.tensor2d([[1, 2], [3, 4]]);
      const product = tf.matMul(x, w);
      const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(tf.matMul(x, w))), [w]);
      const opt: tf.Optimizer = tf.train.adam(0.1);
      opt.applyGradients(grads);
      const out = [(await product.data()) as Float32Array, (await value.data()) as Float32Array, (await (grads[w.name] as tf.Tensor).data()) as Float32Array, (await w.data()) as Float32Array];
      tf.dispose([w, x, product, value, grads]);
      opt.dispose();
      return out;
    };
    const gpu = await sgdAdam('webgpu');
    // x·w = [[2, 4], [5, 6]]; loss = mean of squares = 81 / 4; d/dw = xᵀ·(x·w)/2 = [[8.5, 11], [12, 16]].
    expect(Array.from(gpu[0] as Float32Array)).to.deep.equal([2, 4, 5, 6]);
    expect((gpu[1] as Float32Array)[0]).to.be.closeTo(20.25, 1e-5);
    expect(Array.from(gpu[2] as Float32Array)).to.deep.equal([8.5, 11, 12, 16]);
    // Adam's first step moves each weight by lr·sign(g) (bias-corrected m/√v = g/|g|, up to ε).
    Array.from(gpu[3] as Float32Array).forEach((v, i) => expect(v).to.be.closeTo(([1, -2, 0.5, 3][i] as number) - 0.1, 1e-6));
    expectClose(gpu, await sgdAdam('cpu'), 'matMul, loss, gradient, Adam step');
  });

  it('50 DQN updates (replay gather, oneHot, matMul, Huber, variableGrads, Adam) agree with cpu to 1e-4 relative', async () => {
    const cpu = await dqnRun('cpu', 50);
    const gpu = await dqnRun('webgpu', 50);
    expectClose(gpu, cpu, 'DQN losses and weights');
  });

  it('50 PPO minibatch updates (logSoftmax, clipped ratio, entropy, value loss) agree with cpu to 1e-4 relative', async () => {
    const cpu = await ppoRun('cpu', 50);
    const gpu = await ppoRun('webgpu', 50);
    expectClose(gpu, cpu, 'PPO losses and weights');
  });

  it('keeps tf.memory().numTensors flat over 100 DQN updates', async () => {
    await initBackend('webgpu');
    const rng = new Rng(3);
    const sizes = [4, 32, 32, 2];
    const online = mlpVariables(sizes, mlpValues(sizes, rng));
    const target = mlpVariables(sizes, mlpValues(sizes, rng));
    const buffer = new TensorReplayBuffer({ capacity: 500, obsDim: 4 });
    buffer.addBatch(dqnRows(rng, 500, 4, 2));
    const opt = tf.train.adam(1e-3);
    const step = async () => {
      const loss = tf.tidy(() => dqnStep(opt, online, target, buffer.sampleTensors(64, rng), 0.99));
      await loss.data();
      loss.dispose();
    };
    for (let s = 0; s < 5; s++) await step();
    const before = tf.memory().numTensors;
    for (let s = 0; s < 100; s++) await step();
    expect(tf.memory().numTensors).to.equal(before);
    tf.dispose([...online, ...target]);
    opt.dispose();
    buffer.dispose();
  });

  it('reads asynchronously only: a synchronous read of a device tensor is a clear error in Node (tfjs needs OffscreenCanvas)', async () => {
    await initBackend('webgpu');
    const t = tf.matMul(tf.ones([2, 2]), tf.ones([2, 2]));
    expect(() => t.dataSync()).to.throw(StateError, /^webgpu backend: a synchronous read .* impossible in Node.*await tensor.data\(\)/);
    expect(Array.from(await t.data())).to.deep.equal([2, 2, 2, 2]);
    t.dispose();
  });

  it('is taken by the automatic choice on a hardware adapter (after tensorflow), and names it', async () => {
    const hardware = { info: { vendor: 'nvidia', architecture: 'hopper', device: '', description: 'NVIDIA H200' } };
    // Lift the suite's backend pin (test/support/default-backend.ts) for the automatic choice.
    const pinned = process.env[BACKEND_ENV_VAR];
    delete process.env[BACKEND_ENV_VAR];
    const choice = await initBackend(undefined, { requestAdapter: async () => hardware }).finally(() => {
      if (pinned !== undefined) process.env[BACKEND_ENV_VAR] = pinned;
    });
    if (choice.name === 'tensorflow') return;
    expect(choice.name).to.equal('webgpu');
    expect(describeBackend(choice)).to.equal('webgpu (NVIDIA H200)');
    expect(choice.skipped).to.have.length(1);
    expect(choice.skipped[0]).to.match(/^tensorflow \(/);
  });
});
