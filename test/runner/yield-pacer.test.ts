import { expect } from 'chai';
import { yieldPacer } from '../../src/runner/yield-pacer.js';

describe('runner: yieldPacer', () => {
  it('gives a turn every `every` iterations, and counts again after a wait', async () => {
    const p = yieldPacer(3);
    expect(p.tick()).to.equal(undefined);
    expect(p.tick()).to.equal(undefined);
    const turn = p.tick();
    expect(turn).to.be.instanceOf(Promise);
    await turn;
    expect(p.tick()).to.equal(undefined);
    p.waited();
    expect(p.tick()).to.equal(undefined);
    expect(p.tick()).to.equal(undefined);
    expect(p.tick()).to.be.instanceOf(Promise);
  });

  it('gives a turn after 50 ms even when `every` is far off', async () => {
    const p = yieldPacer(1e9);
    await new Promise((r) => setTimeout(r, 60));
    let turns = 0;
    for (let i = 0; i < 64; i++) if (p.tick() !== undefined) turns += 1;
    expect(turns).to.equal(1);
  });
});
