import { expect } from 'chai';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reproduce } from '../../notebooks/reload.js';

describe('notebook reload (--quick)', () => {
  it('writes report.md, results.json and the exact, sampled and deep-control plots of each benchmark', async function () {
    this.timeout(60_000);
    const dir = await mkdtemp(join(tmpdir(), 'reload-'));
    try {
      await reproduce({ quick: true, outDir: dir });
      const files = (await readdir(dir)).sort();
      for (const b of ['bandit', 'two-state', 'gridworld']) for (const q of ['vc', 'vr', 'mu']) expect(files).to.include(`${b}-${q}.svg`);
      for (const b of ['two-state', 'gridworld']) for (const q of ['vc', 'mu']) expect(files).to.include(`${b}-sampled-${q}.svg`);
      for (const b of ['cartpole', 'pendulum']) for (const q of ['vc', 'vr', 'mu', 'vc-one-seed']) expect(files).to.include(`${b}-${q}.svg`);
      expect(files).to.include.members(['report.md', 'results.json']);
      const report = await readFile(join(dir, 'report.md'), 'utf8');
      expect(report).to.match(/Paper.s claim/).and.match(/Quick run/).and.match(/V_c range, last 10%/).and.match(/Deep control: budgets/);
      type Deep = { tailRange: { Vc: { mean: number }; mu?: { mean: number } }; withinBudget: { seeds: number } };
      const results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as {
        benchmarks: Record<string, { lpOptimum?: { Vr: number }; exact?: Record<string, { lastIterateDistance: number; constraintRangeLast10: number }>; budget: number; deep?: Record<string, Deep> }>;
      };
      expect(results.benchmarks.bandit?.lpOptimum?.Vr).to.be.closeTo(0.5, 1e-9);
      for (const key of ['cartpole', 'pendulum']) {
        const b = results.benchmarks[key];
        expect(b?.budget).to.be.greaterThan(0);
        for (const m of ['gda', 'reload', 'ppo']) {
          expect(b?.deep?.[m]?.withinBudget.seeds).to.equal(1);
          expect(b?.deep?.[m]?.tailRange.Vc.mean).to.be.at.least(0);
        }
        for (const m of ['gda', 'reload']) expect(b?.deep?.[m]?.tailRange.mu?.mean).to.be.at.least(0);
      }
      for (const b of Object.values(results.benchmarks).filter((x) => x.exact !== undefined)) {
        for (const m of ['gda', 'reload']) {
          expect(Number.isFinite(b.exact?.[m]?.lastIterateDistance)).to.equal(true);
          expect(b.exact?.[m]?.constraintRangeLast10).to.be.at.least(0);
        }
      }
      expect(await readFile(join(dir, 'bandit-vc.svg'), 'utf8')).to.match(/^<svg[\s\S]*LP optimum[\s\S]*<\/svg>\s*$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
