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

  it('swap-regret-markov writes the CE-gap curves of both learners on both games', async () => {
    await quickRun('swap-regret-markov', (files, report, results) => {
      expect(files).to.deep.equal(['markov-ce-gap.svg', 'markov-swap-regret.svg', 'report.md', 'results.json', 'shapley-ce-gap.svg']);
      expect(report).to.match(/Quick run/);
      const markov = results.markov as { checkpoints: number[]; runs: { kind: string; runs: { ce: number[] }[] }[] };
      expect(markov.runs.map((r) => r.kind)).to.deep.equal(['swap regret (Blum–Mansour over Hedge)', 'independent Hedge (external regret)']);
      for (const r of markov.runs) for (const seed of r.runs) expect(seed.ce.every((v) => Number.isFinite(v) && v >= 0)).to.equal(true);
    });
  });

  it('small-gain-nash writes the certificate numbers of the 2-D game (closed forms) and the trajectories', async () => {
    await quickRun('small-gain-nash', (files, _report, results) => {
      expect(files).to.deep.equal(['report.md', 'results.json', 'three-player.svg', 'trajectories.svg']);
      const p = results.paperGame as { euclideanMargin: number; margin: number; beta: number; eulerBound: number; rk4Bound: number; band: { lower: number; upper: number } };
      expect(p.euclideanMargin).to.be.closeTo(-4.025, 1e-12);
      expect(p.margin).to.be.closeTo(1 - Math.SQRT1_2, 1e-12);
      expect(p.beta).to.be.closeTo(1 + Math.SQRT1_2, 1e-12);
      expect(p.eulerBound).to.be.closeTo((2 * (1 - Math.SQRT1_2)) / (1 + Math.SQRT1_2) ** 2, 1e-12);
      expect(p.rk4Bound).to.be.closeTo(2.5 / (1 + Math.SQRT1_2), 1e-12);
      expect(p.band.lower).to.be.closeTo((20 * (1 - Math.SQRT1_2)) ** 2, 1e-9);
      expect((results.trajectories as { certifiedBoundHeld: boolean }).certifiedBoundHeld).to.equal(true);
    });
  });
});
