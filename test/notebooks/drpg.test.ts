import { expect } from 'chai';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reproduce } from '../../notebooks/drpg.js';

describe('notebook drpg (--quick)', () => {
  it('writes report.md, results.json and one gap plot per problem size', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'drpg-'));
    try {
      await reproduce({ quick: true, outDir: dir });
      expect((await readdir(dir)).sort()).to.deep.equal(['gap-10-6-3.svg', 'gap-5-4-3.svg', 'report.md', 'results.json']);
      const report = await readFile(join(dir, 'report.md'), 'utf8');
      expect(report).to.match(/Paper.s claim/).and.match(/Quick run/).and.match(/G\(10, 6, 3\)/);
      const results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as { problems: Record<string, { finalMeanGap: number; shareBelowThreshold: number; meanCurve: number[] }> };
      for (const p of Object.values(results.problems)) {
        expect(p.finalMeanGap).to.be.a('number').and.at.least(0);
        expect(p.shareBelowThreshold).to.be.within(0, 1);
        expect(p.meanCurve).to.have.length(21);
        expect(p.meanCurve[20]).to.be.below(p.meanCurve[0]!);
      }
      expect(await readFile(join(dir, 'gap-5-4-3.svg'), 'utf8')).to.match(/^<svg[\s\S]*<\/svg>\s*$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
