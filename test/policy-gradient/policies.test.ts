import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { initBackend } from '../../src/core/backend.js';
import { Rng } from '../../src/core/rng.js';
import { CategoricalPolicy } from '../../src/policy-gradient/categorical-policy.js';
import { GaussianPolicy } from '../../src/policy-gradient/gaussian-policy.js';
import { flatGradient, getFlat, setFlat } from '../../src/policy-gradient/params.js';
import { softmaxPolicy } from '../../src/envs/tabular/exact-gradient.js';
import { DirectPolicy, projectSimplex, TabularSoftmaxPolicy } from '../../src/policy-gradient/tabular-policy.js';

describe('policy-gradient policies', () => {
  before(async () => {
    await initBackend();
  });

  it('categorical: JS and tfjs paths agree on log-probabilities, entropy and mode', async () => {
    const rng = new Rng(3);
    const pi = new CategoricalPolicy(3, 4, rng, { netArch: [8] });
    // Make the policy far from uniform so the test can fail.
    setFlat(pi.variables, (await getFlat(pi.variables)).map((_, i) => Math.sin(i)));
    await pi.syncAsync();
    const obs = Float32Array.from({ length: 15 }, (_, i) => Math.cos(i));
    const probs = pi.probs(obs, 5);
    const actions = Int32Array.from([0, 1, 2, 3, 1]);
    const before = tf.memory().numTensors;
    const logp = tf.tidy(() => pi.logProb(tf.tensor2d(obs, [5, 3]), pi.actionTensor(actions, 5)).dataSync());
    const ent = tf.tidy(() => pi.entropy(tf.tensor2d(obs, [5, 3])).dataSync());
    expect(tf.memory().numTensors).to.equal(before);
    for (let r = 0; r < 5; r++) {
      expect(logp[r]).to.be.closeTo(Math.log(probs[r * 4 + (actions[r] as number)] as number), 1e-5);
      let h = 0;
      for (let j = 0; j < 4; j++) h -= (probs[r * 4 + j] as number) * Math.log(probs[r * 4 + j] as number);
      expect(ent[r]).to.be.closeTo(h, 1e-5);
      const row = Array.from(probs.subarray(r * 4, r * 4 + 4));
      expect(pi.mode(obs.subarray(r * 3, r * 3 + 3), 1)[0]).to.equal(row.indexOf(Math.max(...row)));
    }
    pi.dispose();
  });

  it('categorical: samples through Rng, reproducibly, with the policy frequencies', async () => {
    const pi = new CategoricalPolicy(2, 3, new Rng(1), { netArch: [4] });
    setFlat(pi.variables, (await getFlat(pi.variables)).map((_, i) => 0.5 * Math.cos(i)));
    await pi.syncAsync();
    const obs = Float32Array.of(0.3, -0.2);
    const a = Array.from({ length: 20 }, (_, k) => pi.sample(obs, 1, new Rng(k))[0]);
    const b = Array.from({ length: 20 }, (_, k) => pi.sample(obs, 1, new Rng(k))[0]);
    expect(a).to.deep.equal(b);
    const rng = new Rng(9);
    const counts = [0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[pi.sample(obs, 1, rng)[0] as number]! += 1;
    const p = pi.probs(obs, 1);
    for (let j = 0; j < 3; j++) expect(counts[j]! / 4000).to.be.closeTo(p[j] as number, 0.03);
    pi.dispose();
  });

  it('gaussian: log-density and entropy match the closed form; samples have the policy mean and std', () => {
    const tensors = tf.memory().numTensors;
    const pi = new GaussianPolicy(2, 2, new Rng(5), { netArch: [4], logStdInit: Math.log(0.5) });
    const obs = Float32Array.of(0.1, 0.7);
    const mean = pi.mode(obs, 1);
    const act = Float32Array.of((mean[0] as number) + 0.5, (mean[1] as number) - 1);
    const logp = tf.tidy(() => pi.logProb(tf.tensor2d(obs, [1, 2]), pi.actionTensor(act, 1)).dataSync()[0] as number);
    const z = [0.5 / 0.5, -1 / 0.5];
    const expected = -0.5 * (z[0]! ** 2 + z[1]! ** 2) - 2 * Math.log(0.5) - Math.log(2 * Math.PI);
    expect(logp).to.be.closeTo(expected, 1e-5);
    const ent = tf.tidy(() => pi.entropy(tf.tensor2d(obs, [1, 2])).dataSync()[0] as number);
    expect(ent).to.be.closeTo(2 * (Math.log(0.5) + 0.5 * (1 + Math.log(2 * Math.PI))), 1e-5);
    const rng = new Rng(2);
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < 4000; i++) {
      const x = (pi.sample(obs, 1, rng)[0] as number) - (mean[0] as number);
      s += x;
      s2 += x * x;
    }
    expect(s / 4000).to.be.closeTo(0, 0.03);
    expect(Math.sqrt(s2 / 4000)).to.be.closeTo(0.5, 0.03);
    pi.dispose();
    expect(tf.memory().numTensors, 'construct + dispose leaves no tensor').to.equal(tensors);
  });

  it('tabular: softmax rows, scores, simplex projection and projected steps', () => {
    const pi = softmaxPolicy(Float64Array.of(0, Math.log(3), 1, 1), 2, 2);
    [0.25, 0.75, 0.5, 0.5].forEach((p, i) => expect(pi[i]).to.be.closeTo(p, 1e-12));
    const sp = new TabularSoftmaxPolicy(2, 2, [0, Math.log(3), 1, 1]);
    [-0.25, 0.25, 0, 0].forEach((g, i) => expect(sp.score(0, 1)[i]).to.be.closeTo(g, 1e-12));
    expect(sp.mode(0)).to.equal(1);
    expect(Array.from(projectSimplex([0.5, 0.5, 0.5])).map((x) => +x.toFixed(12))).to.deep.equal([1 / 3, 1 / 3, 1 / 3].map((x) => +x.toFixed(12)));
    expect(Array.from(projectSimplex([2, 0, -1]))).to.deep.equal([1, 0, 0]);
    const direct = new DirectPolicy(1, 3);
    direct.step([1, 0, 0], 0.3);
    expect(direct.pi[0]).to.be.closeTo(1 / 3 + 0.2, 1e-12);
    expect(direct.pi.reduce((a, b) => a + b, 0)).to.be.closeTo(1, 1e-12);
  });
});
