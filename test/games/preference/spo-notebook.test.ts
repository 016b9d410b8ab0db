import { expect } from 'chai';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reproduce } from '../../../notebooks/spo-control.js';

describe('notebook spo-control (--quick)', () => {
  it('writes report.md, results.json and two plots per preference', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spo-control-'));
    try {
      await reproduce({ quick: true, outDir: dir });
      expect((await readdir(dir)).sort()).to.deep.equal(['majority-training.svg', 'majority-win-rate.svg', 'noisy-training.svg', 'noisy-win-rate.svg', 'report.md', 'results.json']);
      expect(await readFile(join(dir, 'report.md'), 'utf8')).to.match(/Paper.s claim/).and.match(/Quick run/);
      const results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as { preferences: { winRateAgainstRewardModel: Record<string, number[]> }[] };
      for (const p of results.preferences) {
        for (const w of Object.values(p.winRateAgainstRewardModel)) expect(w.every((x) => x >= 0 && x <= 1)).to.equal(true);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
