import { expect } from 'chai';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reproduce } from '../../notebooks/q-learning-replay.js';

describe('notebook q-learning-replay (--quick)', () => {
  it('writes report.md, results.json and one SVG per MDP and view', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'q-learning-replay-'));
    try {
      await reproduce({ quick: true, outDir: dir });
      const files = (await readdir(dir)).sort();
      expect(files).to.deep.equal(['garnet-updates.svg', 'garnet.svg', 'report.md', 'results.json', 'ring-updates.svg', 'ring.svg', 'riverswim-updates.svg', 'riverswim.svg']);
      const report = await readFile(join(dir, 'report.md'), 'utf8');
      expect(report).to.match(/Paper.s claim/).and.match(/Ring\(10\)/).and.match(/Quick run/).and.match(/deterministic ring/);
      const results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as { studies: Record<string, { curves: { mean: number[] }[] }> };
      for (const study of ['garnet', 'riverswim', 'ring']) {
        const curves = results.studies[study]?.curves ?? [];
        expect(curves).to.have.length(6);
        for (const c of curves) expect(c.mean.every((v) => Number.isFinite(v) && v >= 0)).to.equal(true);
      }
      expect(await readFile(join(dir, 'ring.svg'), 'utf8')).to.match(/^<svg[\s\S]*replay K=100, N=400[\s\S]*<\/svg>\s*$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
