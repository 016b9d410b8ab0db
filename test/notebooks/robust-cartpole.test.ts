import { expect } from 'chai';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reproduce } from '../../notebooks/robust-cartpole.js';

describe('notebook robust-cartpole (--quick)', function () {
  this.timeout(120_000);
  it('writes report.md, results.json and the return chart, with returns on every model', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'robust-cartpole-'));
    try {
      await reproduce({ quick: true, outDir: dir });
      expect((await readdir(dir)).sort()).to.deep.equal(['report.md', 'results.json', 'returns.svg']);
      expect(await readFile(join(dir, 'report.md'), 'utf8')).to.match(/Paper.s claim/).and.match(/Quick run/);
      const results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as { methods: { returns: number[][]; trainedOn: number[][] }[] };
      expect(results.methods).to.have.length(2);
      for (const m of results.methods) for (const r of m.returns) expect(r).to.have.length(9);
      expect(results.methods[0]!.trainedOn[0]!.every((i) => i === 4)).to.equal(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
