import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { initBackend } from '../../../src/core/backend.js';
import { InvalidArgumentError } from '../../../src/core/errors.js';
import { Rng } from '../../../src/core/rng.js';
import {
  type PairLogProbs,
  SoftmaxResponsePolicy,
  biasedRps,
  contextualPreference,
  cyclicRps,
  dpoLoss,
  ipoLoss,
  preferenceGap,
  sampleSelfPlayPairs,
  sppoSquareLoss,
  trainPreferenceIterations,
} from '../../../src/games/preference/index.js';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const softmax = (z: number[]) => {
  const e = z.map(Math.exp);
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

/** The loss at logits z (one context, three responses) and its gradient in z, for the pair (winner 0, loser 1). */
function lossAndGrad(z: number[], refLogp: number[], loss: (p: PairLogProbs) => tf.Scalar): { value: number; grad: number[] } {
  return tf.tidy(() => {
    const policy = new SoftmaxResponsePolicy(1, 3, [z]);
    const c = tf.tensor1d([0], 'int32');
    const { value, grads } = tf.variableGrads(() =>
      loss({
        policyWinner: policy.logProb(c, tf.tensor1d([0], 'int32')),
        policyLoser: policy.logProb(c, tf.tensor1d([1], 'int32')),
        referenceWinner: tf.tensor1d([refLogp[0]!]),
        referenceLoser: tf.tensor1d([refLogp[1]!]),
      }),
      [policy.logits],
    );
    const out = { value: value.dataSync()[0]!, grad: Array.from(grads[policy.logits.name]!.dataSync()) };
    policy.dispose();
    return out;
  });
}

const close = (actual: ArrayLike<number>, expected: number[], tol: number): void => {
  expect(actual.length).to.equal(expected.length);
  expected.forEach((e, i) => expect(actual[i]).to.be.closeTo(e, tol));
};

describe('games/preference: DPO, IPO and SPPO losses on a softmax policy', () => {
  before(async () => initBackend());

  const z = [0.3, -0.2, 0.5];
  const pi = softmax(z);
  const ref = [Math.log(0.2), Math.log(0.5)];
  // h = (log π(0) − log π(1)) − (log ref(0) − log ref(1)) = 0.5 − log(0.4); ∂h/∂z = e_0 − e_1.
  const h = 0.5 - Math.log(0.4);

  it('DPO: −log σ(βh), gradient −β·σ(−βh)·(e_w − e_l)', () => {
    const beta = 0.7;
    const { value, grad } = lossAndGrad(z, ref, (p) => dpoLoss(p, beta));
    expect(value).to.be.closeTo(-Math.log(sigmoid(beta * h)), 1e-6);
    const g = -beta * sigmoid(-beta * h);
    close(grad, [g, -g, 0], 1e-6);
  });

  it('IPO: (h − 1/(2τ))², gradient 2(h − 1/(2τ))·(e_w − e_l)', () => {
    const tau = 0.25;
    const { value, grad } = lossAndGrad(z, ref, (p) => ipoLoss(p, tau));
    expect(value).to.be.closeTo((h - 2) ** 2, 1e-5);
    const g = 2 * (h - 2);
    close(grad, [g, -g, 0], 1e-5);
  });

  it('SPPO square loss: the issue\'s formula and its gradient a_w(e_w − π) + a_l(e_l − π)', () => {
    const eta = 2;
    const [pw, pl] = [0.8, 0.3];
    const { value, grad } = lossAndGrad(z, ref, (p) => sppoSquareLoss(p, tf.tensor1d([pw]), tf.tensor1d([pl]), eta));
    const aw = Math.log(pi[0]!) - ref[0]! - eta * (pw - 0.5);
    const al = Math.log(pi[1]!) - ref[1]! - eta * (pl - 0.5);
    expect(value).to.be.closeTo(0.5 * (aw * aw + al * al), 1e-6);
    close(grad, [0, 1, 2].map((k) => aw * ((k === 0 ? 1 : 0) - pi[k]!) + al * ((k === 1 ? 1 : 0) - pi[k]!)), 1e-6);
  });

  it('SPPO square loss is minimised exactly at log(π/π_t) = η(P̂ − ½): zero loss and zero gradient there, positive nearby', () => {
    const eta = 1.5;
    const [pw, pl] = [0.9, 0.2];
    const piT = [0.3, 0.5, 0.2];
    // The minimiser: π(0) = π_t(0)·e^{η(P̂_w − ½)}, π(1) = π_t(1)·e^{η(P̂_l − ½)}, the rest on response 2.
    const p0 = piT[0]! * Math.exp(eta * (pw - 0.5));
    const p1 = piT[1]! * Math.exp(eta * (pl - 0.5));
    const zStar = [Math.log(p0), Math.log(p1), Math.log(1 - p0 - p1)];
    const refLogp = [Math.log(piT[0]!), Math.log(piT[1]!)];
    const loss = (p: PairLogProbs) => sppoSquareLoss(p, tf.tensor1d([pw]), tf.tensor1d([pl]), eta);
    const at = lossAndGrad(zStar, refLogp, loss);
    expect(at.value).to.be.below(1e-10);
    close(at.grad, [0, 0, 0], 1e-6);
    for (const dz of [[0.05, 0, 0], [0, -0.05, 0], [0, 0, 0.05]]) {
      expect(lossAndGrad(zStar.map((v, i) => v + dz[i]!), refLogp, loss).value).to.be.above(1e-5);
    }
  });

  it('a context-conditioned policy reads log π(y | x) from the row of x', async () => {
    const policy = new SoftmaxResponsePolicy(2, 3, [[0, 1, 2], [2, 0, 0]]);
    const logp = tf.tidy(() => Array.from(policy.logProb(tf.tensor1d([0, 1, 1], 'int32'), tf.tensor1d([2, 0, 1], 'int32')).dataSync()));
    const a = softmax([0, 1, 2]);
    const b = softmax([2, 0, 0]);
    close(logp, [Math.log(a[2]!), Math.log(b[0]!), Math.log(b[1]!)], 1e-6);
    close((await policy.probabilities())[1]!, b, 1e-6);
    policy.dispose();
  });

  it('self-play pairs: P̂ averages over the K samples with the diagonal ½; winner and loser are its argmax and argmin', () => {
    // A policy sure of rock (y0) on biased RPS: all K samples are rock, P̂ = ½ for each, winner = loser = rock.
    const sure = sampleSelfPlayPairs(contextualPreference([biasedRps()]), [[1, 0, 0]], { samples: 4 }, new Rng(0));
    expect(Array.from(sure.winners)).to.deep.equal([0]);
    expect(Array.from(sure.winRateWinner)).to.deep.equal([0.5]);
    // Over many draws on cyclic RPS from uniform: P̂ ∈ {k/(2K)} and P̂_w ≥ ½ ≥ P̂_l.
    const pairs = sampleSelfPlayPairs(contextualPreference([cyclicRps()]), [[1 / 3, 1 / 3, 1 / 3]], { samples: 5, promptsPerContext: 200 }, new Rng(1));
    for (let k = 0; k < 200; k++) {
      expect(pairs.winRateWinner[k]! * 10).to.be.closeTo(Math.round(pairs.winRateWinner[k]! * 10), 1e-5);
      expect(pairs.winRateWinner[k]).to.be.at.least(0.5);
      expect(pairs.winRateLoser[k]).to.be.at.most(0.5);
    }
    expect(() => sampleSelfPlayPairs(contextualPreference([cyclicRps()]), [[1, 0, 0]], { samples: 1 }, new Rng(0))).to.throw(InvalidArgumentError, /samples must be an integer >= 2/);
  });

  it('iterative training leaks no tensors, is deterministic, and SPPO on biased RPS moves towards the minimax winner', async () => {
    const run = async () => {
      const atStart = tf.memory().numTensors;
      const policy = new SoftmaxResponsePolicy(1, 3);
      const before = tf.memory().numTensors;
      const gaps: number[] = [];
      await trainPreferenceIterations(policy, biasedRps(), { loss: { kind: 'sppo', eta: 1 }, iterations: 3, steps: 30, observe: (_t, probs) => gaps.push(preferenceGap(biasedRps(), probs[0]!)) }, new Rng(5));
      expect(tf.memory().numTensors).to.equal(before);
      const probs = (await policy.probabilities())[0]!;
      policy.dispose();
      // The policy, disposed, holds nothing either.
      expect(tf.memory().numTensors).to.equal(atStart);
      return { probs, gaps };
    };
    const a = await run();
    const b = await run();
    expect(Array.from(a.probs)).to.deep.equal(Array.from(b.probs));
    // From uniform (gap 0.125) towards (1/16, 10/16, 5/16): the first iteration lowers the gap.
    expect(a.gaps[0]).to.be.below(preferenceGap(biasedRps(), [1 / 3, 1 / 3, 1 / 3]));
  });

  it('iterative DPO and IPO (and a fixed reference) run without leaking tensors', async () => {
    for (const loss of [{ kind: 'dpo', beta: 1 }, { kind: 'ipo', tau: 1 }] as const) {
      for (const reference of ['each-iteration', 'fixed'] as const) {
        const policy = new SoftmaxResponsePolicy(2, 3);
        const before = tf.memory().numTensors;
        await trainPreferenceIterations(policy, contextualPreference([cyclicRps(), biasedRps()]), { loss, reference, iterations: 2, steps: 5 }, new Rng(1));
        expect(tf.memory().numTensors).to.equal(before);
        for (const row of await policy.probabilities()) expect(row.reduce((a, b) => a + b, 0)).to.be.closeTo(1, 1e-6);
        policy.dispose();
      }
    }
  });

  it('rejects a policy that does not fit the preference and bad loss settings', async () => {
    const policy = new SoftmaxResponsePolicy(2, 3);
    const rejection = async (p: Promise<void>) => p.then(() => { throw new Error('expected a rejection'); }, (e: unknown) => e);
    try {
      expect(await rejection(trainPreferenceIterations(policy, cyclicRps(), { loss: { kind: 'dpo', beta: 1 }, iterations: 1 }, new Rng(0))))
        .to.be.instanceOf(InvalidArgumentError).and.have.property('message').that.matches(/2 contexts × 3 responses, the preference 1 × 3/);
      const two = contextualPreference([cyclicRps(), biasedRps()]);
      expect(await rejection(trainPreferenceIterations(policy, two, { loss: { kind: 'ipo', tau: 0 }, iterations: 1 }, new Rng(0))))
        .to.be.instanceOf(InvalidArgumentError).and.have.property('message').that.matches(/tau must be a finite number > 0, got 0/);
    } finally {
      policy.dispose();
    }
  });
});
