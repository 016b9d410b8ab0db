import { expect } from 'chai';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reproduce, tasks } from '../../notebooks/npg-igt.js';

describe('notebook npg-igt (--quick)', () => {
  it('sweeps γ0, runs the chosen one on both envs, and writes the report, results and two plots', async function () {
    this.timeout(120_000);
    const dir = await mkdtemp(join(tmpdir(), 'npg-igt-'));
    try {
      await reproduce({ quick: true, outDir: dir });
      expect((await readdir(dir)).sort()).to.deep.equal(['acrobot.svg', 'cartpole.svg', 'report.md', 'results.json']);
      const report = await readFile(join(dir, 'report.md'), 'utf8');
      expect(report).to.match(/Paper.s claim/).and.match(/Quick run/).and.match(/γ0 sweep/).and.match(/Deviations/);
      const results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as {
        envs: { env: string; chosen: Record<string, number>; methods: { name: string; curves: number[][]; envSteps: number[] }[] }[];
      };
      expect(results.envs.map((e) => e.env)).to.deep.equal(['CartPole-v1', 'Acrobot-v1']);
      for (const e of results.envs) {
        expect(e.methods.map((m) => m.name)).to.deep.equal(['vanilla PG', 'N-PG-IGT', 'N-HARPG']);
        for (const m of e.methods) {
          expect(m.curves).to.have.length(2);
          for (const c of m.curves) expect(c).to.have.length(4);
          for (const s of m.envSteps) expect(s).to.be.at.least(4 * 200);
        }
        expect(Object.values(e.chosen).every((g) => g === 0.1 || g === 1)).to.equal(true);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a task is a pure function of its arguments (same args, same curve)', async function () {
    this.timeout(60_000);
    const args = { env: 'CartPole-v1', method: 'N-HARPG', gamma0: 0.1, seed: 3, iterations: 3, batchSteps: 150, log: false } as const;
    const a = await tasks.curve(args);
    const b = await tasks.curve(args);
    expect(a.returns).to.deep.equal(b.returns);
    expect(a.envSteps).to.equal(b.envSteps);
  });
});
