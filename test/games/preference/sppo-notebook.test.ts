import { expect } from 'chai';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reproduce } from '../../../notebooks/sppo-preference-game.js';

describe('notebook sppo-preference-game (--quick)', () => {
  it('writes report.md, results.json and three plots per game', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sppo-preference-game-'));
    try {
      await reproduce({ quick: true, outDir: dir });
      const files = (await readdir(dir)).sort();
      expect(files).to.deep.equal(['biased-rps-distance.svg', 'biased-rps-gap.svg', 'biased-rps-last.svg', 'cyclic-rps-distance.svg', 'cyclic-rps-gap.svg', 'cyclic-rps-last.svg', 'report.md', 'results.json']);
      const report = await readFile(join(dir, 'report.md'), 'utf8');
      expect(report).to.match(/Paper.s claim/).and.match(/Quick run/).and.match(/biased RPS/);
      const results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as { games: { methods: { name: string; finalGapAverage: number; finalGapLast: number }[] }[] };
      expect(results.games).to.have.length(2);
      for (const g of results.games) {
        expect(g.methods.map((m) => m.name)).to.have.length(5);
        for (const m of g.methods) expect(Number.isFinite(m.finalGapAverage) && m.finalGapAverage >= 0 && m.finalGapLast >= 0).to.equal(true);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
