import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NStepReplayBuffer } from '../../src/replay/n-step.js';
import { RingBuffer } from '../../src/replay/ring-buffer.js';
import { Rng } from '../../src/core/rng.js';

/** All stored transitions in slot order, as plain rows. */
function rows(buf: NStepReplayBuffer): { obs: number; reward: number; next: number; terminated: number; discount: number }[] {
  const inner = buf.inner as RingBuffer;
  const b = inner.gather(Int32Array.from({ length: inner.size }, (_, i) => i));
  // The adapter's discounts come with sampling; read them through a sample that covers every slot.
  const out = [];
  const discounts = new Map<number, number>();
  const s = buf.sample(200, new Rng(0));
  for (let j = 0; j < s.size; j++) discounts.set(s.indices[j] as number, s.discounts?.[j] as number);
  for (let i = 0; i < b.size; i++) {
    out.push({ obs: b.obs[i] as number, reward: b.rewards[i] as number, next: b.nextObs[i] as number, terminated: b.terminated[i] as number, discount: discounts.get(i) as number });
  }
  return out;
}

describe('replay/n-step: NStepReplayBuffer', () => {
  const gamma = 0.5;

  it('stores n-step returns with discount gamma^n in the middle of an episode', () => {
    const buf = new NStepReplayBuffer(new RingBuffer({ capacity: 16, obsDim: 1 }), 3, gamma);
    // States 0, 1, 2, 3, ...; reward of step t is t + 1.
    for (let t = 0; t < 4; t++) buf.add([t], 0, t + 1, [t + 1], false);
    expect(buf.size).to.equal(2);
    const r = rows(buf);
    expect(r[0]).to.deep.equal({ obs: 0, reward: 1 + 0.5 * 2 + 0.25 * 3, next: 3, terminated: 0, discount: 0.125 });
    expect(r[1]).to.deep.equal({ obs: 1, reward: 2 + 0.5 * 3 + 0.25 * 4, next: 4, terminated: 0, discount: 0.125 });
  });

  it('stops the sum at a terminal state, without bootstrapping, and flushes the window', () => {
    const buf = new NStepReplayBuffer(new RingBuffer({ capacity: 16, obsDim: 1 }), 3, gamma);
    buf.add([0], 0, 1, [1], false);
    buf.add([1], 0, 2, [2], true);
    const r = rows(buf);
    expect(r).to.have.length(2);
    expect(r[0]).to.deep.equal({ obs: 0, reward: 1 + 0.5 * 2, next: 2, terminated: 1, discount: 0.25 });
    expect(r[1]).to.deep.equal({ obs: 1, reward: 2, next: 2, terminated: 1, discount: 0.5 });
    // The next episode starts with an empty window.
    buf.add([10], 0, 1, [11], false);
    expect(buf.size).to.equal(2);
  });

  it('stops the sum at a truncation but keeps bootstrapping from the truncated state', () => {
    const buf = new NStepReplayBuffer(new RingBuffer({ capacity: 16, obsDim: 1 }), 3, gamma);
    buf.add([0], 0, 1, [1], false);
    buf.add([1], 0, 2, [2], false, true);
    const r = rows(buf);
    expect(r[0]).to.deep.equal({ obs: 0, reward: 2, next: 2, terminated: 0, discount: 0.25 });
    expect(r[1]).to.deep.equal({ obs: 1, reward: 2, next: 2, terminated: 0, discount: 0.5 });
  });

  it('keeps one window per vector-env row and skips invalid rows', () => {
    const buf = new NStepReplayBuffer(new RingBuffer({ capacity: 16, obsDim: 1 }), 2, gamma);
    const step = (obs: number[], rewards: number[], next: number[], terminated: number[], valid = [1, 1]) =>
      buf.addBatch({ n: 2, obs, actions: [0, 0], rewards, nextObs: next, terminated, valid });
    step([0, 100], [1, 10], [1, 101], [0, 0]);
    step([1, 101], [2, 20], [2, 102], [0, 1]);
    step([2, 999], [3, 999], [3, 999], [0, 0], [1, 0]);
    const r = rows(buf);
    expect(r.map((x) => [x.obs, x.reward, x.next, x.terminated])).to.deep.equal([
      [0, 2, 2, 0],
      [100, 20, 102, 1],
      [101, 20, 102, 1],
      [1, 3.5, 3, 0],
    ]);
  });

  it('endEpisodes drops the waiting steps, so the next episode is not summed into them', () => {
    const buf = new NStepReplayBuffer(new RingBuffer({ capacity: 16, obsDim: 1 }), 3, gamma);
    buf.add([0], 0, 1, [1], false);
    buf.add([1], 0, 2, [2], false);
    buf.endEpisodes();
    for (let t = 10; t < 13; t++) buf.add([t], 0, t, [t + 1], false);
    expect(rows(buf)).to.deep.equal([{ obs: 10, reward: 10 + 0.5 * 11 + 0.25 * 12, next: 13, terminated: 0, discount: 0.125 }]);
  });

  it('saves and restores pending windows, so continuation is identical', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nstep-'));
    try {
      const a = new NStepReplayBuffer(new RingBuffer({ capacity: 16, obsDim: 1 }), 3, gamma);
      for (let t = 0; t < 4; t++) a.add([t], 0, t + 1, [t + 1], false);
      await a.save(join(dir, 'n.bin'));
      const b = new NStepReplayBuffer(new RingBuffer({ capacity: 16, obsDim: 1 }), 3, gamma);
      await b.load(join(dir, 'n.bin'));
      for (const buf of [a, b]) for (let t = 4; t < 6; t++) buf.add([t], 0, t + 1, [t + 1], t === 5);
      expect(rows(b)).to.deep.equal(rows(a));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
