import { expect } from 'chai';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { EcrmMDP, ecrmOptimum, ecrmValue } from '../../src/envs/risk/index.js';
import { stochasticCliffWalking } from '../../src/envs/tabular/cliff-walking.js';
import { deterministicPolicy, expectedReturn, valueIteration } from '../../src/envs/tabular/exact.js';
import { hitProbability } from '../../src/envs/tabular/hit-probability.js';
import { TabularMDP } from '../../src/envs/tabular/mdp.js';
import { randomPolicy } from '../support/random-tables.js';

/** Start 0 → 1 at cost 0; from 1, cost 0 w.p. 0.9 (to 2) or 10 w.p. 0.1 (to 3); 2 and 3 terminal. */
function twoStage(): TabularMDP {
  const P = new Float64Array(4 * 1 * 4);
  P[0 * 4 + 1] = 1;
  P[1 * 4 + 2] = 0.9;
  P[1 * 4 + 3] = 0.1;
  P[2 * 4 + 2] = 1;
  P[3 * 4 + 3] = 1;
  const Rsas = new Float64Array(16);
  Rsas[1 * 4 + 3] = -10;
  return new TabularMDP({ S: 4, A: 1, P, Rsas, gamma: 0.5, mu0: [1, 0, 0, 0], terminal: [0, 0, 1, 1] });
}

describe('envs/risk: ECRM augmented MDP', () => {
  it('rejects α outside (0, 1], λ outside [0, 1] and an empty η grid, naming the value', () => {
    const m = twoStage();
    expect(() => new EcrmMDP(m, { alpha: 0 })).to.throw(InvalidArgumentError, /alpha must be in \(0, 1\], got 0/);
    expect(() => new EcrmMDP(m, { alpha: 1.5 })).to.throw(InvalidArgumentError, /alpha must be in \(0, 1\], got 1\.5/);
    expect(() => new EcrmMDP(m, { alpha: NaN })).to.throw(InvalidArgumentError, /got NaN/);
    expect(() => new EcrmMDP(m, { lambda: -0.1 })).to.throw(InvalidArgumentError, /lambda must be in \[0, 1\], got -0\.1/);
    expect(() => new EcrmMDP(m, { lambda: 1.01 })).to.throw(InvalidArgumentError, /lambda must be in \[0, 1\], got 1\.01/);
    expect(() => new EcrmMDP(m, { etaGrid: [] })).to.throw(InvalidArgumentError, /etaGrid must hold at least one value, got an empty grid/);
    expect(() => new EcrmMDP(m, { etaGrid: [1, Infinity] })).to.throw(InvalidArgumentError, /etaGrid\[1\] = Infinity must be finite/);
  });

  it('values a hand-computed two-stage problem exactly: γ·((1−λ)E[Z] + λ·CVaR_α(Z))', () => {
    const m = twoStage();
    const e = new EcrmMDP(m, { alpha: 0.1, lambda: 0.5 });
    expect(Array.from(e.eta)).to.deep.equal([0, 10]);
    // E[Z] = 1, CVaR_0.1(Z) = 10: 0.5 · (0.5·1 + 0.5·10) = 2.75.
    expect(ecrmOptimum(e).value).to.be.closeTo(2.75, 1e-9);
    // α = 0.2: CVaR = (0.1·10 + 0.1·0)/0.2 = 5, so 0.5 · (0.5 + 2.5) = 1.5.
    expect(ecrmOptimum(new EcrmMDP(m, { alpha: 0.2, lambda: 0.5 })).value).to.be.closeTo(1.5, 1e-9);
    // A wrong η guess costs more: η = 10 at the first step gives CVaR estimate 10 + E[(Z − 10)⁺]/α = 10 (still
    // exact here), η = 0 gives 0 + 1/0.1 = 10, so both are optimal; but after termination η = 10 costs λ·10.
    const etaTen = e.lift([1, 1, 1, 1], [1, 1, 1, 1]);
    expect(ecrmValue(e, etaTen)).to.be.closeTo(2.75 + 0.25 * 0.5 * 10, 1e-9);
  });

  it('with λ = 0 is the risk-neutral problem: equal values for lifted policies and equal optima', () => {
    const rng = new Rng(1);
    const base = stochasticCliffWalking({ map: ['....', '....', 'SCCG'], slip: 0.2, gamma: 0.9 });
    const e = new EcrmMDP(base, { lambda: 0 });
    for (let trial = 0; trial < 3; trial++) {
      const pi = randomPolicy(rng, base.S, base.A);
      const etaIndex = Array.from({ length: base.S }, () => rng.integer(0, e.K));
      expect(ecrmValue(e, e.lift(pi, etaIndex))).to.be.closeTo(-expectedReturn(base, pi), 1e-8);
    }
    const vi = valueIteration(base, { tolerance: 1e-11 });
    expect(ecrmOptimum(e).value).to.be.closeTo(-(vi.V[8] as number), 1e-8);
  });

  it('on a small stochastic cliff, the risk-averse optimum falls less often than the risk-neutral one', () => {
    // 3×6: the risk-neutral optimum walks beside the cliff, the risk-averse one takes the top row.
    const base = stochasticCliffWalking({ map: ['......', '......', 'SCCCCG'], slip: 0.01, gamma: 0.9 });
    const fall = (e: EcrmMDP, pi: Float64Array) =>
      hitProbability(e.mdp, pi, Array.from({ length: e.mdp.S }, (_, x) => [13, 14, 15, 16].includes(Math.floor(x / (e.K + 1)))));
    const neutral = new EcrmMDP(base, { lambda: 0 });
    const averse = new EcrmMDP(base, { alpha: 0.1, lambda: 1 });
    const pNeutral = fall(neutral, deterministicPolicy(ecrmOptimum(neutral).policy, neutral.mdp.A));
    const pAverse = fall(averse, deterministicPolicy(ecrmOptimum(averse).policy, averse.mdp.A));
    expect(pNeutral).to.be.within(0.01, 1);
    expect(pAverse).to.be.below(0.5 * pNeutral);
  });
});
