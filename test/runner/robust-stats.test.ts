import { expect } from 'chai';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { iqm, mean, median, stratifiedBootstrapInterval } from '../../src/runner/report/robust-stats.js';

describe('robust statistics (Agarwal et al. 2021)', () => {
  it('IQM drops ⌊n/4⌋ runs at each end, as rliable (scipy trim_mean 0.25) does', () => {
    expect(iqm([8, 1, 7, 2, 6, 3, 5, 4])).to.equal(4.5); // keeps 3, 4, 5, 6
    expect(iqm([10, 1, 2, 3, 100])).to.equal(5); // n = 5: drops one each end, keeps 2, 3, 10
    expect(iqm([1, 2, 3, 4])).to.equal(2.5);
    expect(iqm([1, 2, 30])).to.equal(11); // n < 4: nothing dropped
    expect(iqm([0, 0, 1, 1, 1, 1, 1, 1, 9, 1000])).to.equal(1); // n = 10: drops two each end, keeps six ones
    expect(median([3, 1, 2, 10])).to.equal(2.5);
    expect(mean([3, 1, 2, 10])).to.equal(4);
    expect(() => iqm([])).to.throw(InvalidArgumentError, /empty/);
    expect(() => iqm([1, Number.NaN])).to.throw(InvalidArgumentError, /value 1 is NaN/);
  });

  it('the bootstrap interval of a mean matches the hand-computed binomial percentiles', () => {
    // Resampling [0, 0, 0, 1]: the count of ones is Binomial(4, 1/4), P(0) = 0.316 > 2.5% and P(<= 2) = 0.949 <
    // 97.5% <= P(<= 3) = 0.996, so the 95% percentile interval of the mean is [0, 3/4].
    const ci = stratifiedBootstrapInterval([[0, 0, 0, 1]], mean, { rng: new Rng(1), reps: 20_000 });
    expect(ci).to.deep.equal({ lower: 0, upper: 0.75 });
    // A constant sample has a zero-width interval; a second constant task shifts and halves the first's (strata are
    // resampled within themselves, never mixed): mean over 8 runs = mean(task 1) / 2 + 2.5.
    expect(stratifiedBootstrapInterval([[5, 5, 5]], mean, { rng: new Rng(2), reps: 500 })).to.deep.equal({ lower: 5, upper: 5 });
    expect(stratifiedBootstrapInterval([[0, 0, 0, 1], [5, 5, 5, 5]], mean, { rng: new Rng(1), reps: 20_000 })).to.deep.equal({ lower: 2.5, upper: 2.875 });
    // The 50% interval: the 25th percentile is 0 as P(0) = 0.316 >= 25%; the 75th is 2/4 as P(<= 1) = 0.738 < 75%
    // <= P(<= 2) = 0.949.
    expect(stratifiedBootstrapInterval([[0, 0, 0, 1]], mean, { rng: new Rng(3), reps: 20_000, size: 0.5 })).to.deep.equal({ lower: 0, upper: 0.5 });
  });

  it('is reproducible from its seed, and checks its inputs', () => {
    const xs = [3.1, 0.2, 9.5, 4.4, 7.0, 1.3];
    const a = stratifiedBootstrapInterval([xs], iqm, { rng: new Rng(7), reps: 2000 });
    expect(stratifiedBootstrapInterval([xs], iqm, { rng: new Rng(7), reps: 2000 })).to.deep.equal(a);
    expect(a.lower).to.be.lessThan(iqm(xs));
    expect(a.upper).to.be.greaterThan(iqm(xs));
    expect(() => stratifiedBootstrapInterval([], mean, { rng: new Rng(0) })).to.throw(InvalidArgumentError, /no tasks/);
    expect(() => stratifiedBootstrapInterval([[1]], mean, { rng: new Rng(0), size: 1 })).to.throw(InvalidArgumentError, /size is 1/);
    expect(() => stratifiedBootstrapInterval([[1]], mean, { rng: new Rng(0), reps: 0 })).to.throw(InvalidArgumentError, /reps is 0/);
  });
});
