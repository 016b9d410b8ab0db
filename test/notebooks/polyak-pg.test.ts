import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KNOWN_V_STAR, methodIds, reproduce, rerenderReport, tasks } from '../../notebooks/polyak-pg.js';

describe('notebook polyak-pg (--quick)', () => {
  it('writes report.md, results.json and one plot per env, with the known-V* ablation only where V* is known', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'polyak-pg-'));
    try {
      await reproduce({ quick: true, outDir: dir });
      expect((await readdir(dir)).sort()).to.deep.equal(['Acrobot-v1.svg', 'CartPole-v1.svg', 'report.md', 'results.json']);
      const report = await readFile(join(dir, 'report.md'), 'utf8');
      expect(report).to.match(/Paper.s claim/).and.match(/Quick run/).and.match(/Polyak \(known V\*\)/).and.match(/reached 475/);
      const results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as {
        results: Record<string, { methods: { id: string; finals: number[]; curves: number[][]; solvedAt: (number | null)[] }[] }>;
      };
      expect(results.results['CartPole-v1']!.methods.map((m) => m.id)).to.deep.equal(['polyak-twin', 'polyak-known', 'adam-0.001', 'adam-0.01', 'adam-0.1']);
      expect(results.results['Acrobot-v1']!.methods.map((m) => m.id)).to.not.include('polyak-known');
      for (const env of Object.values(results.results)) {
        for (const m of env.methods) {
          expect(m.finals).to.have.length(1);
          expect(m.curves[0]!.every(Number.isFinite)).to.equal(true);
          // 4000 steps of a fresh policy solve neither env.
          expect(m.solvedAt).to.deep.equal([null]);
        }
      }
      // The report re-rendered from results.json alone, at the full run's settings: 1 of the 10 planned seeds.
      await rerenderReport(dir);
      expect(await readFile(join(dir, 'report.md'), 'utf8')).to.match(/1 of 10 planned seeds/).and.match(/Polyak \(twin V\*\) falls short of|Polyak \(twin V\*\) matches|Polyak \(twin V\*\) beats/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a task is a pure function of its arguments, and an unknown method is refused by name', async () => {
    const args = { envId: 'CartPole-v1', method: 'polyak-known', seed: 3, totalSteps: 2500, every: 500, log: false };
    const a = await tasks.curve(args);
    const b = await tasks.curve(args);
    expect(a.returns).to.deep.equal(b.returns);
    expect(a.rolling).to.have.length(5);
    expect(KNOWN_V_STAR['CartPole-v1']).to.be.closeTo(99.34, 0.01);
    expect(methodIds('Acrobot-v1')).to.deep.equal(['polyak-twin', 'adam-0.001', 'adam-0.01', 'adam-0.1']);
    let err: unknown;
    try {
      await tasks.curve({ ...args, method: 'sgd' });
    } catch (e) {
      err = e;
    }
    expect(String(err)).to.match(/unknown method "sgd" on CartPole-v1; known: polyak-twin, polyak-known/);
  });

  it('runs as a script too, where its tasks import the notebook module that is still running (exit 0, not 13)', async function () {
    this.timeout(60_000);
    const dir = await mkdtemp(join(tmpdir(), 'polyak-pg-main-'));
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', join('notebooks', 'polyak-pg.ts'), '--quick', '--out', dir], { encoding: 'utf8', timeout: 50_000 });
      expect(r.status, r.stderr).to.equal(0);
      expect(r.stdout).to.match(/report written to/);
      expect((await readdir(dir)).sort()).to.include('report.md');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
