import { expect } from 'chai';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReproduceOptions } from '../../src/runner/report/index.js';

/** Runs a notebook's `--quick` reproduction into a temporary folder and hands back its files, report and results. */
async function quickRun(name: string, check: (files: string[], report: string, results: Record<string, unknown>) => void): Promise<void> {
  const mod = (await import(`../../notebooks/${name}.js`)) as { reproduce: (o: ReproduceOptions) => Promise<void> };
  const dir = await mkdtemp(join(tmpdir(), `${name}-`));
  try {
    await mod.reproduce({ quick: true, outDir: dir });
    const files = (await readdir(dir)).sort();
    check(files, await readFile(join(dir, 'report.md'), 'utf8'), JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as Record<string, unknown>);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('games notebooks (--quick)', function () {
  this.timeout(60_000);

  it('game-dynamics writes the report, the final distances and four plots', async () => {
    await quickRun('game-dynamics', (files, report, results) => {
      expect(files).to.deep.equal(['bilinear-average.svg', 'bilinear-last.svg', 'fictitious-play.svg', 'mwu.svg', 'report.md', 'results.json']);
      expect(report).to.match(/Paper.s claim/).and.match(/Quick run/);
      const d = results.finalDistance as { bilinear: Record<string, { last: number }> };
      expect(Object.keys(d.bilinear)).to.deep.equal(['GDA (simultaneous)', 'alternating GDA', 'optimistic GDA', 'extragradient']);
      // 200 GDA steps multiply the distance by 1.01^100 exactly.
      expect(d.bilinear['GDA (simultaneous)']!.last).to.be.closeTo(Math.SQRT2 * 1.01 ** 100, 1e-9);
    });
  });
});
