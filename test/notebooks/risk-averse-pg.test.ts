import { expect } from 'chai';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reproduce } from '../../notebooks/risk-averse-pg.js';

describe('notebook risk-averse-pg (--quick)', () => {
  it('writes report.md, results.json, the gap plot and the fall-probability chart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'risk-averse-pg-'));
    try {
      await reproduce({ quick: true, outDir: dir });
      expect((await readdir(dir)).sort()).to.deep.equal(['ecrm-pg-gap.svg', 'fall-probability.svg', 'report.md', 'results.json']);
      const report = await readFile(join(dir, 'report.md'), 'utf8');
      expect(report).to.match(/Paper.s claim/).and.match(/Quick run/).and.match(/risk-neutral \(λ = 0\)/).and.match(/\*/);
      const results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as { optima: { fallProbability: number }[]; exact: { gaps: number[] }[] };
      expect(results.optima).to.have.length(4);
      for (const o of results.optima) expect(o.fallProbability).to.be.within(0, 1);
      for (const r of results.exact) expect(r.gaps.at(-1)!).to.be.below(r.gaps[0]!);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
