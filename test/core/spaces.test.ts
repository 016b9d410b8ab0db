import { expect } from 'chai';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { Box, Dict, Discrete, MultiBinary, MultiDiscrete, Tuple, type Space } from '../../src/core/spaces/index.js';

/** `n` samples of `space` from a fresh stream seeded with `seed`. */
function samples<T>(space: Space<T>, n: number, seed = 0): T[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => space.sample(rng));
}

/** Samples are members, reproducible from the seed, and change with it. */
function expectSampling<T>(space: Space<T>): void {
  const xs = samples(space, 200);
  for (const x of xs) expect(space.contains(x), `${space.toString()} contains its sample ${JSON.stringify(x)}`).to.equal(true);
  expect(samples(space, 20)).to.deep.equal(xs.slice(0, 20));
  expect(samples(space, 20, 1)).to.not.deep.equal(xs.slice(0, 20));
}

describe('core spaces', () => {
  describe('Discrete', () => {
    it('samples every value of {start, ..., start + n - 1} about equally often', () => {
      const space = new Discrete(4, -1);
      expectSampling(space);
      const counts = new Map<number, number>();
      for (const x of samples(space, 4000)) counts.set(x, (counts.get(x) ?? 0) + 1);
      expect([...counts.keys()].sort()).to.deep.equal([-1, 0, 1, 2]);
      // 5 standard deviations of a binomial(4000, 1/4) is about 137.
      for (const c of counts.values()) expect(Math.abs(c - 1000)).to.be.below(137);
    });

    it('contains only integers in range', () => {
      const space = new Discrete(3);
      expect([0, 1, 2].map((x) => space.contains(x))).to.deep.equal([true, true, true]);
      for (const x of [-1, 3, 0.5, NaN, Infinity, '1', [1], null, undefined]) expect(space.contains(x), String(x)).to.equal(false);
      expect(new Discrete(2, 5).contains(5)).to.equal(true);
      expect(new Discrete(2, 5).contains(0)).to.equal(false);
    });

    it('describes itself like Gymnasium and rejects bad parameters', () => {
      expect(new Discrete(2).toString()).to.equal('Discrete(2)');
      expect(new Discrete(3, -1).toString()).to.equal('Discrete(3, start=-1)');
      expect(new Discrete(3, -1).toJSON()).to.deep.equal({ type: 'Discrete', n: 3, start: -1 });
      expect(new Discrete(2).shape).to.deep.equal([]);
      expect(() => new Discrete(0)).to.throw(InvalidArgumentError, 'Discrete: n must be a positive integer, got 0');
      expect(() => new Discrete(2.5)).to.throw(InvalidArgumentError, /got 2.5/);
      expect(() => new Discrete(2, 0.5)).to.throw(InvalidArgumentError, /start must be an integer/);
    });
  });

  describe('Box', () => {
    it('samples bounded entries uniformly and unbounded ones as Gymnasium (normal, shifted exponential)', () => {
      const space = new Box([-1, 0, -Infinity, -Infinity], [1, Infinity, 5, Infinity]);
      expectSampling(space);
      const xs = samples(space, 4000);
      const column = (i: number) => xs.map((x) => x[i] as number);
      const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
      expect(Math.min(...column(0))).to.be.below(-0.99);
      expect(Math.max(...column(0))).to.be.above(0.99);
      expect(mean(column(1))).to.be.closeTo(1, 0.1); // 0 + Exp(1)
      expect(Math.min(...column(1))).to.be.at.least(0);
      expect(mean(column(2))).to.be.closeTo(4, 0.1); // 5 - Exp(1)
      expect(Math.max(...column(2))).to.be.at.most(5);
      expect(mean(column(3))).to.be.closeTo(0, 0.1); // N(0, 1)
      expect(xs[0]).to.be.instanceOf(Float32Array);
    });

    it('contains float arrays of the right size within the float32 bounds', () => {
      const space = new Box(-1, 1, [2, 2]);
      expect(space.size).to.equal(4);
      expect(space.contains(Float32Array.of(0, 1, -1, 0.5))).to.equal(true);
      expect(space.contains([0, 1, -1, 0.5])).to.equal(true);
      expect(space.contains(Float64Array.of(0, 1.01, 0, 0))).to.equal(false);
      expect(space.contains([0, 0, 0])).to.equal(false);
      expect(space.contains([0, 0, 0, NaN])).to.equal(false);
      expect(space.contains([0, 0, 0, '0'])).to.equal(false);
      expect(space.contains(0)).to.equal(false);
      // 0.1 is stored as float32 0.100000001...; the float64 0.1 is below it but equal after the cast Gymnasium does.
      expect(new Box(0.1, 1, [1]).contains([0.1])).to.equal(true);
      expect(new Box(-Infinity, Infinity, [1]).contains([1e300])).to.equal(true);
    });

    it('describes itself like Gymnasium', () => {
      expect(new Box(-2, 2, [1]).toString()).to.equal('Box(-2.0, 2.0, (1,), float32)');
      expect(new Box([-1.2, -0.07], [0.6, 0.07]).toString()).to.equal('Box([-1.2 -0.07], [0.6 0.07], (2,), float32)');
      expect(new Box(-Infinity, Infinity, [2, 3]).toString()).to.equal('Box(-inf, inf, (2, 3), float32)');
      expect(new Box(0, 3.4028234663852886e38, [1]).toString()).to.equal('Box(0.0, 3.4028235e+38, (1,), float32)');
      expect(new Box([0, 1], 2).toJSON()).to.deep.equal({ type: 'Box', low: [0, 1], high: [2, 2], shape: [2], dtype: 'float32' });
      expect(new Box(-1, 1, [3]).isBounded()).to.equal(true);
      expect(new Box(-1, Infinity, [3]).isBounded()).to.equal(false);
    });

    it('rejects inconsistent bounds and shapes', () => {
      expect(() => new Box(0, 1)).to.throw(InvalidArgumentError, 'Box: give a shape when both bounds are scalars');
      expect(() => new Box([0, 0], [1, 1, 1])).to.throw(InvalidArgumentError, 'Box: high has 3 entries, the shape needs 2');
      expect(() => new Box(1, 0, [2])).to.throw(InvalidArgumentError, 'Box: need low <= high at entry 0, got low 1, high 0');
      expect(() => new Box(NaN, 0, [1])).to.throw(InvalidArgumentError, /low NaN/);
      expect(() => new Box(0, 1, [-1])).to.throw(InvalidArgumentError, /shape must hold non-negative integers, got \(-1,\)/);
    });
  });

  describe('MultiDiscrete', () => {
    it('samples each entry in its own range, reaching every value', () => {
      const space = new MultiDiscrete([2, 5]);
      expectSampling(space);
      const xs = samples(space, 500);
      expect(new Set(xs.map((x) => x[0])).size).to.equal(2);
      expect(new Set(xs.map((x) => x[1])).size).to.equal(5);
      expect(xs[0]).to.be.instanceOf(Int32Array);
    });

    it('contains integer vectors of the right length within nvec', () => {
      const space = new MultiDiscrete([2, 3]);
      expect(space.contains(Int32Array.of(1, 2))).to.equal(true);
      expect(space.contains([0, 0])).to.equal(true);
      for (const x of [[2, 0], [0, 3], [-1, 0], [0.5, 0], [0], [0, 0, 0], 'ab']) expect(space.contains(x), String(x)).to.equal(false);
    });

    it('describes itself and rejects bad nvec', () => {
      const space = new MultiDiscrete([2, 3]);
      expect(space.toString()).to.equal('MultiDiscrete([2 3])');
      expect(space.toJSON()).to.deep.equal({ type: 'MultiDiscrete', nvec: [2, 3] });
      expect(space.shape).to.deep.equal([2]);
      expect(() => new MultiDiscrete([])).to.throw(InvalidArgumentError, 'MultiDiscrete: nvec must not be empty');
      expect(() => new MultiDiscrete([2, 0])).to.throw(InvalidArgumentError, 'MultiDiscrete: nvec[1] must be a positive integer, got 0');
    });
  });

  describe('MultiBinary', () => {
    it('samples fair bits', () => {
      const space = new MultiBinary(3);
      expectSampling(space);
      const ones = samples(space, 2000).reduce((a, x) => a + x.reduce((b, v) => b + v, 0), 0);
      // 5 standard deviations of a binomial(6000, 1/2) is about 194.
      expect(Math.abs(ones - 3000)).to.be.below(194);
    });

    it('contains vectors of n zeros and ones', () => {
      const space = new MultiBinary(2);
      expect(space.contains(Int8Array.of(0, 1))).to.equal(true);
      expect(space.contains([1, 1])).to.equal(true);
      for (const x of [[2, 0], [0], [0, 0, 0], [0.5, 1], [true, false]]) expect(space.contains(x), String(x)).to.equal(false);
    });

    it('describes itself and rejects bad n', () => {
      expect(new MultiBinary(4).toString()).to.equal('MultiBinary(4)');
      expect(new MultiBinary(4).toJSON()).to.deep.equal({ type: 'MultiBinary', n: 4 });
      expect(new MultiBinary(4).shape).to.deep.equal([4]);
      expect(() => new MultiBinary(0)).to.throw(InvalidArgumentError, 'MultiBinary: n must be a positive integer, got 0');
    });
  });

  describe('Tuple', () => {
    const space = new Tuple([new Discrete(2), new Box(-1, 1, [2])] as const);

    it('samples one member of each part', () => {
      expectSampling(space);
      const [d, b] = samples(space, 1)[0] as [number, Float32Array];
      expect(d).to.be.a('number');
      expect(b).to.be.instanceOf(Float32Array);
    });

    it('contains arrays whose parts are members', () => {
      expect(space.contains([1, [0, 0.5]])).to.equal(true);
      expect(space.contains([2, [0, 0.5]])).to.equal(false);
      expect(space.contains([1, [0, 5]])).to.equal(false);
      expect(space.contains([1])).to.equal(false);
      expect(space.contains({ 0: 1, 1: [0, 0] })).to.equal(false);
    });

    it('describes itself and needs a part', () => {
      expect(space.toString()).to.equal('Tuple(Discrete(2), Box(-1.0, 1.0, (2,), float32))');
      expect(space.toJSON()).to.deep.equal({
        type: 'Tuple',
        spaces: [{ type: 'Discrete', n: 2, start: 0 }, { type: 'Box', low: [-1, -1], high: [1, 1], shape: [2], dtype: 'float32' }],
      });
      expect(() => new Tuple([])).to.throw(InvalidArgumentError, 'Tuple: give at least one space');
    });
  });

  describe('Dict', () => {
    const space = new Dict({ velocity: new Box(-1, 1, [1]), action: new Discrete(3) });

    it('samples in sorted key order, so insertion order does not change the stream', () => {
      expectSampling(space);
      const swapped = new Dict({ action: new Discrete(3), velocity: new Box(-1, 1, [1]) });
      expect(samples(swapped, 10)).to.deep.equal(samples(space, 10));
      expect(space.keys).to.deep.equal(['action', 'velocity']);
    });

    it('contains objects with exactly its keys, each a member', () => {
      expect(space.contains({ action: 2, velocity: [0.5] })).to.equal(true);
      expect(space.contains({ action: 3, velocity: [0.5] })).to.equal(false);
      expect(space.contains({ action: 2 })).to.equal(false);
      expect(space.contains({ action: 2, velocity: [0.5], extra: 1 })).to.equal(false);
      expect(space.contains([2, [0.5]])).to.equal(false);
      expect(space.contains(null)).to.equal(false);
    });

    it('describes itself and needs a key', () => {
      expect(space.toString()).to.equal("Dict('action': Discrete(3), 'velocity': Box(-1.0, 1.0, (1,), float32))");
      expect(space.toJSON()).to.deep.equal({
        type: 'Dict',
        spaces: { action: { type: 'Discrete', n: 3, start: 0 }, velocity: { type: 'Box', low: [-1], high: [1], shape: [1], dtype: 'float32' } },
      });
      expect(() => new Dict({})).to.throw(InvalidArgumentError, 'Dict: give at least one space');
    });
  });
});
