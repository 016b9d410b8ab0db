import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { PrioritizedReplayBuffer } from '../../src/replay/prioritized-buffer.js';
import { SumTree } from '../../src/replay/sum-tree.js';

describe('SumTree', () => {
  it('keeps every inner sum equal to the sum of its leaves, through updates', () => {
    const tree = new SumTree(5);
    const values = [3, 0, 1.5, 2, 7];
    values.forEach((v, i) => tree.set(i, v));
    expect(tree.total).to.equal(13.5);
    tree.set(4, 0.5);
    expect(tree.total).to.equal(7);
    expect(tree.get(2)).to.equal(1.5);
  });

  it('finds the leaf where a prefix sum falls, never a zero leaf', () => {
    const tree = new SumTree(6);
    [1, 0, 2, 0, 3, 0].forEach((v, i) => tree.set(i, v));
    // Cumulative: leaf 0 covers [0, 1), leaf 2 [1, 3), leaf 4 [3, 6).
    expect([0, 0.999, 1, 2.5, 3, 5.999].map((p) => tree.find(p))).to.deep.equal([0, 0, 2, 2, 4, 4]);
    expect(tree.find(6)).to.equal(4);
    expect(tree.find(100)).to.equal(4);
  });

  it('rejects negative or non-finite values', () => {
    const tree = new SumTree(2);
    expect(() => tree.set(0, -1)).to.throw(InvalidArgumentError, /value must be finite and >= 0, got -1/);
    expect(() => tree.set(2, 1)).to.throw(InvalidArgumentError, /index must be an integer in \[0, 2\), got 2/);
  });
});

/** Adds k transitions whose reward is their number. */
function fill(buf: PrioritizedReplayBuffer, k: number): void {
  for (let i = 0; i < k; i++) buf.add([i], 0, i, [i + 1], false);
}

describe('PrioritizedReplayBuffer', () => {
  it('samples slots in proportion to p^alpha, within statistical bounds', () => {
    const buf = new PrioritizedReplayBuffer({ capacity: 4, obsDim: 1, alpha: 0.5 });
    fill(buf, 4);
    buf.updatePriorities([0, 1, 2, 3], [1, 4, 9, 16]);
    // p^α = sqrt(|δ|) ≈ 1, 2, 3, 4 (+eps): probabilities 0.1, 0.2, 0.3, 0.4.
    const expected = [0.1, 0.2, 0.3, 0.4];
    const counts = [0, 0, 0, 0];
    const rng = new Rng(7);
    const draws = 40_000;
    for (let t = 0; t < draws / 32; t++) {
      const b = buf.sample(32, rng);
      for (const i of b.indices) counts[i] = (counts[i] as number) + 1;
    }
    counts.forEach((c, i) => {
      const p = expected[i] as number;
      // Stratified sampling has less variance than multinomial: 5 multinomial sigmas is a loose, safe bound.
      expect(Math.abs(c / draws - p)).to.be.below(5 * Math.sqrt((p * (1 - p)) / draws));
      expect(buf.probability(i)).to.be.closeTo(p, 1e-6);
    });
  });

  it('computes importance weights (N P(i))^-beta normalised by the batch maximum', () => {
    const buf = new PrioritizedReplayBuffer({ capacity: 2, obsDim: 1, alpha: 1, beta: 0.5, eps: 1e-9 });
    fill(buf, 2);
    buf.updatePriorities([0, 1], [1, 3]);
    // P = [0.25, 0.75], N = 2: w = (0.5)^-0.5 = 1.414, (1.5)^-0.5 = 0.816; normalised: 1 and 0.5774.
    const b = buf.sample(64, new Rng(1));
    const seen = new Map<number, number>();
    for (let j = 0; j < b.size; j++) seen.set(b.indices[j] as number, b.weights?.[j] as number);
    expect(seen.get(0)).to.be.closeTo(1, 1e-6);
    expect(seen.get(1)).to.be.closeTo(Math.sqrt(0.5 / 1.5), 1e-6);
    buf.beta = 1;
    const b1 = buf.sample(64, new Rng(1));
    for (let j = 0; j < b1.size; j++) if (b1.indices[j] === 1) expect(b1.weights?.[j]).to.be.closeTo(1 / 3, 1e-6);
  });

  it('gives new transitions the largest priority seen so far', () => {
    const buf = new PrioritizedReplayBuffer({ capacity: 3, obsDim: 1, alpha: 1, eps: 1e-9 });
    fill(buf, 2);
    buf.updatePriorities([0, 1], [5, 1]);
    buf.add([9], 0, 9, [10], false);
    expect(buf.probability(2)).to.be.closeTo(5 / 11, 1e-6);
  });

  it('saves and loads priorities with the transitions', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'per-'));
    try {
      const a = new PrioritizedReplayBuffer({ capacity: 8, obsDim: 1 });
      fill(a, 6);
      a.updatePriorities([1, 3], [2, 0.5]);
      await a.save(join(dir, 'per.bin'));
      const b = new PrioritizedReplayBuffer({ capacity: 8, obsDim: 1 });
      await b.load(join(dir, 'per.bin'));
      const sa = a.sample(16, new Rng(4));
      const sb = b.sample(16, new Rng(4));
      expect(Array.from(sb.indices)).to.deep.equal(Array.from(sa.indices));
      expect(Array.from(sb.weights ?? [])).to.deep.equal(Array.from(sa.weights ?? []));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects out-of-range alpha and bad priority updates', () => {
    expect(() => new PrioritizedReplayBuffer({ capacity: 2, obsDim: 1, alpha: 1.5 })).to.throw(InvalidArgumentError, /alpha must be in \[0, 1\], got 1.5/);
    const buf = new PrioritizedReplayBuffer({ capacity: 2, obsDim: 1 });
    fill(buf, 1);
    expect(() => buf.updatePriorities([1], [1])).to.throw(InvalidArgumentError, /index 1 is outside the filled slots \[0, 1\)/);
    expect(() => buf.updatePriorities([0], [Number.NaN])).to.throw(InvalidArgumentError, /NaN/);
  });
});
