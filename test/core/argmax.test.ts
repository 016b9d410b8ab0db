import { expect } from 'chai';
import { argmax } from '../../src/core/argmax.js';

describe('argmax', () => {
  it('finds the largest entry, the lowest index on ties', () => {
    expect(argmax([1, 3, 2])).to.equal(1);
    expect(argmax([2, 5, 5, 1])).to.equal(1);
    expect(argmax([-1])).to.equal(0);
  });

  it('reads one row of a flat table, counting from its offset', () => {
    const table = Float64Array.from([9, 0, 0, 1, 4, 4, 0, 9]);
    expect(argmax(table, 3, 3)).to.equal(1);
    expect(argmax(table, 6, 2)).to.equal(1);
  });
});
