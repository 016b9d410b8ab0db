import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../../src/core/backend.js';
import { Rng } from '../../src/core/rng.js';
import { RingBuffer } from '../../src/replay/ring-buffer.js';
import { TensorReplayBuffer } from '../../src/replay/tensor-buffer.js';

/** Adds transition k as obs [k, 2k], action k % 2, reward k, nextObs [k+1, 2k+2], terminated every 3rd. */
function addNumbered(buf: { add: RingBuffer['add'] }, from: number, to: number): void {
  for (let k = from; k < to; k++) buf.add([k, 2 * k], k % 2, k, [k + 1, 2 * k + 2], k % 3 === 2);
}

describe('TensorReplayBuffer', () => {
  before(async () => {
    await initBackend();
  });

  it('samples the same transitions as the typed-array ring for the same seed, across wrap-around', () => {
    const tensor = new TensorReplayBuffer({ capacity: 10, obsDim: 2, flushEvery: 4 });
    const ring = new RingBuffer({ capacity: 10, obsDim: 2 });
    addNumbered(tensor, 0, 23);
    addNumbered(ring, 0, 23);
    expect(tensor.size).to.equal(10);
    const a = tensor.sample(32, new Rng(9));
    const b = ring.sample(32, new Rng(9));
    expect(Array.from(a.indices)).to.deep.equal(Array.from(b.indices));
    for (const key of ['obs', 'actions', 'rewards', 'nextObs', 'terminated'] as const) {
      expect(Array.from(a[key]), key).to.deep.equal(Array.from(b[key]));
    }
    // Only slots holding transitions 13..22 can appear.
    for (const r of a.rewards) expect(r).to.be.within(13, 22);
    tensor.dispose();
  });

  it('adds batches as the ring does, skipping invalid rows, and names a bad length', () => {
    const tensor = new TensorReplayBuffer({ capacity: 10, obsDim: 2, flushEvery: 4 });
    const ring = new RingBuffer({ capacity: 10, obsDim: 2 });
    const rows = {
      n: 3,
      obs: Float32Array.of(0, 1, 2, 3, 4, 5),
      actions: Float32Array.of(1, 0, 1),
      rewards: Float64Array.of(1, 2, 3),
      nextObs: Float32Array.of(6, 7, 8, 9, 10, 11),
      terminated: Uint8Array.of(0, 1, 0),
      valid: Uint8Array.of(1, 0, 1),
    };
    for (let k = 0; k < 3; k++) {
      tensor.addBatch(rows);
      ring.addBatch(rows);
    }
    expect(tensor.size).to.equal(6);
    const a = tensor.sample(16, new Rng(4));
    const b = ring.sample(16, new Rng(4));
    for (const key of ['obs', 'actions', 'rewards', 'nextObs', 'terminated'] as const) {
      expect(Array.from(a[key]), key).to.deep.equal(Array.from(b[key]));
    }
    expect(() => tensor.addBatch({ ...rows, rewards: Float64Array.of(1, 2) })).to.throw(/TensorReplayBuffer.addBatch: rewards must have 3 entries, got 2/);
    tensor.dispose();
  });

  it('gathers on the device without leaking tensors', () => {
    const buf = new TensorReplayBuffer({ capacity: 64, obsDim: 2 });
    addNumbered(buf, 0, 40);
    const before = tf.memory().numTensors;
    const rng = new Rng(1);
    for (let i = 0; i < 20; i++) {
      tf.tidy(() => {
        const t = buf.sampleTensors(8, rng);
        expect(t.obs.shape).to.deep.equal([8, 2]);
        expect(t.actions.dtype).to.equal('int32');
        addNumbered(buf, 40 + i, 41 + i);
      });
    }
    expect(tf.memory().numTensors).to.equal(before);
    buf.dispose();
  });

  it('saves and loads, staged transitions included', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tbuf-'));
    try {
      const a = new TensorReplayBuffer({ capacity: 16, obsDim: 2, flushEvery: 8 });
      addNumbered(a, 0, 11);
      await a.save(join(dir, 't.bin'));
      const b = new TensorReplayBuffer({ capacity: 16, obsDim: 2, flushEvery: 8 });
      await b.load(join(dir, 't.bin'));
      addNumbered(a, 11, 20);
      addNumbered(b, 11, 20);
      expect(Array.from(b.sample(12, new Rng(2)).obs)).to.deep.equal(Array.from(a.sample(12, new Rng(2)).obs));
      a.dispose();
      b.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
