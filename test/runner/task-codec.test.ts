import { expect } from 'chai';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { decodeTaskData, encodeTaskData } from '../../src/runner/report/task-codec.js';

describe('task codec (the wire form of notebook-task data)', () => {
  it('round-trips NaN, ±Infinity and −0 exactly, where JSON would write null and 0', () => {
    const x = { a: [NaN, Infinity, -Infinity, -0, 0, 1.5e-310, Number.MAX_VALUE], s: 'NaN', b: true, n: null };
    const text = encodeTaskData(x);
    expect(text).to.not.include('null,');
    const y = decodeTaskData(text) as typeof x;
    expect(y).to.deep.equal(x);
    expect(Object.is(y.a[3], -0)).to.equal(true);
    expect(Object.is(y.a[4], 0)).to.equal(true);
    expect(Number.isNaN(y.a[0])).to.equal(true);
  });

  it('keeps an object whose own key is the tag, and strings that look like tags', () => {
    const x = { '~': 'NaN', inner: { '~': { '~': 'o', v: 3 } }, list: [{ '~': -0 }], t: '~' };
    const y = decodeTaskData(encodeTaskData(x)) as typeof x;
    expect(y).to.deep.equal(x);
    expect(Object.is(y.list[0]!['~'], -0)).to.equal(true);
  });

  it('drops undefined properties as JSON does, and keeps key order', () => {
    expect(encodeTaskData({ b: 1, a: undefined, c: 2 })).to.equal('{"b":1,"c":2}');
  });

  it('refuses what is not plain data, naming where it is', () => {
    const bad: [unknown, RegExp][] = [
      [{ curve: new Float64Array(2) }, /args\.curve is a Float64Array \(use Array\.from\)/],
      [{ m: new Map() }, /args\.m is a Map/],
      [[1, undefined], /args\[1\] is undefined/],
      [{ f: () => 1 }, /args\.f is a function/],
      [{ d: new Date(0) }, /args\.d is a Date/],
      [{ big: 1n }, /args\.big is bigint/],
    ];
    for (const [x, msg] of bad) expect(() => encodeTaskData(x, 'args')).to.throw(InvalidArgumentError, msg);
  });

  it('refuses a wire form with an unknown tag', () => {
    expect(() => decodeTaskData('{"~":"nope"}')).to.throw(InvalidArgumentError, /unknown tag "nope"/);
  });
});
