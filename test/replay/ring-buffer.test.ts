import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, StateError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { RingBuffer } from '../../src/replay/ring-buffer.js';

/** Adds transition k as obs [k, -k], action k % 3, reward k, nextObs [k+1, -k-1], terminated every 5th. */
function addNumbered(buf: RingBuffer, from: number, to: number): void {
  for (let k = from; k < to; k++) buf.add([k, -k], k % 3, k, [k + 1, -k - 1], k % 5 === 4);
}

describe('RingBuffer', () => {
  it('wraps around: keeps the newest `capacity` transitions and overwrites the oldest', () => {
    const buf = new RingBuffer({ capacity: 4, obsDim: 2 });
    addNumbered(buf, 0, 6);
    expect(buf.size).to.equal(4);
    expect(buf.nextIndex).to.equal(2);
    const batch = buf.gather(Int32Array.from([0, 1, 2, 3]));
    // Slots 0 and 1 hold transitions 4 and 5; slots 2 and 3 still hold 2 and 3.
    expect(Array.from(batch.rewards)).to.deep.equal([4, 5, 2, 3]);
    expect(Array.from(batch.obs)).to.deep.equal([4, -4, 5, -5, 2, -2, 3, -3]);
    expect(Array.from(batch.nextObs)).to.deep.equal([5, -5, 6, -6, 3, -3, 4, -4]);
    expect(Array.from(batch.actions)).to.deep.equal([1, 2, 2, 0]);
    expect(Array.from(batch.terminated)).to.deep.equal([1, 0, 0, 0]);
  });

  it('samples only filled slots, with consistent rows', () => {
    const buf = new RingBuffer({ capacity: 100, obsDim: 2 });
    addNumbered(buf, 0, 7);
    const rng = new Rng(1);
    const seen = new Set<number>();
    for (let t = 0; t < 50; t++) {
      const b = buf.sample(16, rng);
      for (let j = 0; j < b.size; j++) {
        const k = b.rewards[j] as number;
        expect(b.indices[j]).to.be.within(0, 6);
        expect(b.obs[2 * j]).to.equal(k);
        expect(b.nextObs[2 * j]).to.equal(k + 1);
        seen.add(k);
      }
    }
    expect(seen.size).to.equal(7);
  });

  it('adds a vector batch, skipping rows marked invalid', () => {
    const buf = new RingBuffer({ capacity: 8, obsDim: 1 });
    buf.addBatch({
      n: 3,
      obs: Float32Array.from([1, 2, 3]),
      actions: Int32Array.from([0, 1, 0]),
      rewards: Float64Array.from([10, 20, 30]),
      nextObs: Float32Array.from([4, 5, 6]),
      terminated: Uint8Array.from([0, 1, 0]),
      valid: Uint8Array.from([1, 0, 1]),
    });
    expect(buf.size).to.equal(2);
    const b = buf.gather(Int32Array.from([0, 1]));
    expect(Array.from(b.rewards)).to.deep.equal([10, 30]);
    expect(Array.from(b.nextObs)).to.deep.equal([4, 6]);
  });

  it('is deterministic for a seed and reuses its output arrays', () => {
    const a = new RingBuffer({ capacity: 50, obsDim: 2 });
    addNumbered(a, 0, 30);
    const first = a.sample(8, new Rng(5));
    const rewards = first.rewards.slice();
    const again = a.sample(8, new Rng(5));
    expect(again.rewards).to.equal(first.rewards);
    expect(Array.from(again.rewards)).to.deep.equal(Array.from(rewards));
  });

  it('saves and loads its contents and write position', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ring-'));
    try {
      const a = new RingBuffer({ capacity: 5, obsDim: 2 });
      addNumbered(a, 0, 7);
      await a.save(join(dir, 'buf.bin'));
      const b = new RingBuffer({ capacity: 5, obsDim: 2 });
      await b.load(join(dir, 'buf.bin'));
      expect(b.size).to.equal(5);
      expect(b.nextIndex).to.equal(2);
      addNumbered(a, 7, 9);
      addNumbered(b, 7, 9);
      expect(Array.from(b.sample(10, new Rng(3)).obs)).to.deep.equal(Array.from(a.sample(10, new Rng(3)).obs));
      const wrong = new RingBuffer({ capacity: 6, obsDim: 2 });
      let err: unknown;
      await wrong.load(join(dir, 'buf.bin')).catch((e: unknown) => (err = e));
      expect(err).to.be.instanceOf(InvalidArgumentError);
      expect((err as Error).message).to.match(/capacity 5.*6/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects bad arguments with clear errors', () => {
    expect(() => new RingBuffer({ capacity: 0, obsDim: 1 })).to.throw(InvalidArgumentError, /capacity must be an integer >= 1, got 0/);
    const buf = new RingBuffer({ capacity: 3, obsDim: 2 });
    expect(() => buf.sample(4, new Rng(0))).to.throw(StateError, /empty/);
    expect(() => buf.add([1], 0, 0, [1, 2], false)).to.throw(InvalidArgumentError, /obs must have 2 entries, got 1/);
    addNumbered(buf, 0, 1);
    expect(() => buf.sample(0, new Rng(0))).to.throw(InvalidArgumentError, /n must be an integer >= 1/);
  });
});
