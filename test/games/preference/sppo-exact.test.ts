import { expect } from 'chai';
import { InvalidArgumentError } from '../../../src/core/errors.js';
import { optimisticHedgeStep } from '../../../src/games/dynamics/optimistic-mwu.js';
import { biasedRps, cyclicRps, preferenceGap, runExactSppo, sppoStep } from '../../../src/games/preference/index.js';

describe('games/preference: exact SPPO', () => {
  it('one step is π·exp(η·P(y ≻ π)) normalised (hand-computed on biased RPS from pure rock)', () => {
    // From π = (1, 0, 0) only rock has mass: the step keeps it. From (½, ½, 0): P(y ≻ π) = (0.375, 0.625, 0.5).
    const pi = sppoStep(biasedRps(), [0.5, 0.5, 0], 2);
    const w = [0.5 * Math.exp(0.75), 0.5 * Math.exp(1.25), 0];
    const z = w[0]! + w[1]!;
    [w[0]! / z, w[1]! / z, 0].forEach((e, i) => expect(pi[i]).to.be.closeTo(e, 1e-15));
  });

  it('optimistic Hedge counts this round twice and the last round once negatively (hand-computed)', () => {
    const x = optimisticHedgeStep([0.5, 0.5], [1, 0], [0, 1], Math.log(2));
    // exponents η·(2, −1): 0.5·4 : 0.5·½ → 8/9 : 1/9
    expect(x[0]).to.be.closeTo(8 / 9, 1e-15);
    expect(x[1]).to.be.closeTo(1 / 9, 1e-15);
  });

  it('biased RPS, η = 1: the average gap is below 1e-2 within 10,000 iterations', () => {
    const P = biasedRps();
    const { average } = runExactSppo(P, { eta: 1, iterations: 10_000 });
    expect(preferenceGap(P, average)).to.be.below(1e-2);
  });

  it('cyclic RPS from a skewed start: plain SPPO\'s last iterate cycles, the optimistic one converges', () => {
    const P = cyclicRps();
    const init = [0.6, 0.3, 0.1];
    const plain = runExactSppo(P, { eta: 1, iterations: 5000, init });
    const optimistic = runExactSppo(P, { eta: 1, iterations: 5000, init, optimistic: true });
    expect(preferenceGap(P, plain.last)).to.be.above(0.1);
    expect(preferenceGap(P, optimistic.last)).to.be.below(1e-6);
    expect(preferenceGap(P, plain.average)).to.be.below(0.01);
  });

  it('rejects a bad step size, iteration count or start', () => {
    const P = cyclicRps();
    expect(() => runExactSppo(P, { eta: 0, iterations: 1 })).to.throw(InvalidArgumentError, /eta must be a finite number > 0, got 0/);
    expect(() => runExactSppo(P, { eta: 1, iterations: 0 })).to.throw(InvalidArgumentError, /iterations must be an integer >= 1/);
    expect(() => runExactSppo(P, { eta: 1, iterations: 1, init: [1, 1, 1] })).to.throw(InvalidArgumentError, /init: the policy must sum to 1/);
  });
});
