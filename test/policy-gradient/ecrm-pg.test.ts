import { expect } from 'chai';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { EcrmMDP } from '../../src/envs/risk/index.js';
import { stochasticCliffWalking } from '../../src/envs/tabular/cliff-walking.js';
import { exactEcrmPg } from '../../src/policy-gradient/ecrm-pg.js';

describe('policy-gradient/ecrm-pg: exact risk-averse policy gradient', () => {
  const e = new EcrmMDP(stochasticCliffWalking({ map: ['....', '....', 'SCCG'], slip: 0.03, gamma: 0.9 }), { alpha: 0.1, lambda: 0.5 });

  it('direct (projected) PG reaches the DP optimum of the ECRM on a small stochastic cliff', () => {
    const res = exactEcrmPg(e, { parameterisation: 'direct', iterations: 150, stepSize: 1 });
    expect(res.gaps[0]).to.be.greaterThan(100);
    expect(res.gaps[150]).to.be.below(1e-3);
    for (const g of res.gaps) expect(g).to.be.at.least(-1e-8);
  });

  it('softmax PG approaches the DP optimum of the ECRM on a small stochastic cliff', () => {
    const res = exactEcrmPg(e, { parameterisation: 'softmax', iterations: 200, stepSize: 10 });
    // Softmax PG converges at rate O(1/t) (Mei et al. 2020): a thousandth of the initial gap after 200 steps.
    expect(res.gaps[200]).to.be.below(1e-3 * (res.gaps[0] as number));
    expect(res.gaps[200]).to.be.below(res.gaps[100] as number);
    for (const g of res.gaps) expect(g).to.be.at.least(-1e-8);
  });

  it('rejects a bad parameterisation, step size or start distribution, naming the value', () => {
    expect(() => exactEcrmPg(e, { parameterisation: 'natural' as 'direct', iterations: 1, stepSize: 1 })).to.throw(InvalidArgumentError, /'direct' or 'softmax', got "natural"/);
    expect(() => exactEcrmPg(e, { parameterisation: 'direct', iterations: 1, stepSize: -1 })).to.throw(InvalidArgumentError, /stepSize must be a finite number > 0, got -1/);
    expect(() => exactEcrmPg(e, { parameterisation: 'direct', iterations: 1, stepSize: 1, rho: 'x' as 'mu0' })).to.throw(InvalidArgumentError, /rho must be 'uniform' or 'mu0', got "x"/);
  });
});
