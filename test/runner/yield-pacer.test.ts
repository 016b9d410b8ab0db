import { expect } from 'chai';
import { yieldPacer } from '../../src/runner/yield-pacer.js';

describe('runner: yieldPacer', () => {
  it('gives a turn every `every` iterations; a held promise is awaited instead and restarts the count', async () => {
    const p = yieldPacer(3);
    expect(p.settle()).to.equal(undefined);
    expect(p.settle()).to.equal(undefined);
    const turn = p.settle();
    expect(turn).to.be.instanceOf(Promise);
    await turn;
    expect(p.settle()).to.equal(undefined);
    let saved = false;
    p.hold(new Promise<void>((r) => setTimeout(r, 5)).then(() => void (saved = true)));
    await p.settle();
    expect(saved).to.equal(true);
    expect(p.settle()).to.equal(undefined);
    expect(p.settle()).to.equal(undefined);
    expect(p.settle()).to.be.instanceOf(Promise);
  });

  it('gives a turn after 50 ms even when `every` is far off', async () => {
    const p = yieldPacer(1e9);
    await new Promise((r) => setTimeout(r, 60));
    let turns = 0;
    for (let i = 0; i < 64; i++) if (p.settle() !== undefined) turns += 1;
    expect(turns).to.equal(1);
  });
});
