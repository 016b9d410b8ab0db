import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect } from 'chai';
import { RUN_FILES } from '../../src/runner/run-dir.js';
import { iqm } from '../../src/runner/report/robust-stats.js';
import { runSweepLocal } from '../../src/runner/sweep/local-sweep.js';
import { readSweepFile, type SweepJob } from '../../src/runner/sweep/sweep-file.js';
import { cli, finalAgent, metricsWithoutTimings, snapshot, TINY_SWEEP } from './sweep-support.js';

describe('converge sweep (local pool)', () => {
  let root = '';
  let sweepFile = '';
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'converge-sweep-'));
    sweepFile = join(root, 'tiny.yaml');
    await writeFile(sweepFile, TINY_SWEEP);
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('a 2-worker sweep writes the run directories of serial `converge train` runs, and skips them when run again', async function () {
    this.timeout(120_000);
    const out = join(root, 'sweeps');
    const r = await cli('sweep', sweepFile, '--workers', '2', '--out', out);
    expect(r.err).to.equal('');
    expect(r.code).to.equal(0);
    expect(r.out).to.match(/sweep tiny: 2 runs .*2 trained, 0 resumed, 0 already finished, 0 failed/);
    expect(existsSync(join(out, 'tiny', 'sweep.json'))).to.equal(true);
    const jobs = readSweepFile(sweepFile).jobs;
    for (const job of jobs) {
      const config = join(root, `${job.id}.json`);
      await writeFile(config, JSON.stringify(job.settings));
      const serial = await cli('train', '--config', config, '--out', join(root, 'serial'), '--name', basename(job.run), '--no-progress');
      expect(serial.code, serial.err).to.equal(0);
      const [a, b] = [join(out, job.run), join(root, 'serial', basename(job.run))];
      for (const f of [RUN_FILES.config, RUN_FILES.final, RUN_FILES.report, RUN_FILES.results]) expect(existsSync(join(a, f)), f).to.equal(true);
      const ma = metricsWithoutTimings(a);
      expect(ma.filter((l) => l.includes('"kind":"eval"'))).to.have.length(2);
      expect(ma).to.deep.equal(metricsWithoutTimings(b));
      expect(finalAgent(a)).to.deep.equal(finalAgent(b)).and.not.deep.equal({});
    }
    // The sweep's report: per setting the final scores across seeds, with the IQM and bootstrap intervals.
    const report = readFileSync(join(out, 'tiny', 'report.md'), 'utf8');
    expect(report).to.match(/\| all runs \| 2\/2 \| [\d.]+ \[[\d.]+, [\d.]+\] \| [\d.]+ \[[\d.]+, [\d.]+\] \| [\d.]+ \[[\d.]+, [\d.]+\] \|/);
    expect(report).to.match(/\*\*Best setting\*\* \(highest IQM of the final score\): all runs/);
    expect(existsSync(join(out, 'tiny', 'learning-curves.svg'))).to.equal(true);
    const summary = JSON.parse(readFileSync(join(out, 'tiny', 'results.json'), 'utf8')) as { settings: { scores: { score: number }[]; iqm: { value: number; lower: number; upper: number } }[] };
    const finals = jobs.map((j) => (JSON.parse(readFileSync(join(out, j.run, RUN_FILES.results), 'utf8')) as { final: { mean: number } }).final.mean);
    expect(summary.settings[0]?.scores.map((s) => s.score)).to.deep.equal(finals);
    expect(summary.settings[0]?.iqm.value).to.equal(iqm(finals));
    expect(summary.settings[0]?.iqm.lower).to.equal(Math.min(...finals));
    expect(summary.settings[0]?.iqm.upper).to.equal(Math.max(...finals));
    // Each run keeps its best evaluation's agent beside the final one; the report and `converge eval` say which they use.
    const first = join(out, jobs[0]!.run);
    expect(readFileSync(join(first, RUN_FILES.report), 'utf8')).to.match(/final agent, final\.json[\s\S]*Best greedy evaluation during training \| [\d.]+ ± [\d.]+ \(std\) at step \d+; its agent is kept in best\//);
    const best = await cli('eval', first, '--best', '--episodes', '2');
    expect(best.err).to.equal('');
    expect(best.out).to.match(/\(best agent at step (300|600)\), 2 greedy episodes/);
    expect((await cli('eval', first, '--episodes', '2')).out).to.match(/\(final agent at step 600\)/);
    const before = snapshot(join(out, 'tiny', 'runs'));
    const again = await cli('sweep', sweepFile, '--workers', '2', '--out', out);
    expect(again.code).to.equal(0);
    expect(again.out).to.match(/0 trained, 0 resumed, 2 already finished/);
    expect(snapshot(join(out, 'tiny', 'runs'))).to.deep.equal(before);
  });

  it('a sweep killed with SIGKILL resumes its partial runs from their checkpoints to the serial runs', async function () {
    this.timeout(120_000);
    const out = join(root, 'killed');
    const jobs = readSweepFile(sweepFile).jobs;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/runner/cli.ts', 'sweep', sweepFile, '--workers', '2', '--out', out], { stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    const partial = () => jobs.some((j) => existsSync(join(out, j.run, RUN_FILES.checkpoint)) && !existsSync(join(out, j.run, RUN_FILES.final)));
    while (!partial()) {
      if (child.exitCode !== null) throw new Error(`the sweep exited with ${child.exitCode} before a checkpoint`);
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGKILL');
    await exited;
    const r = await cli('sweep', sweepFile, '--workers', '2', '--out', out);
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.match(/: resumed, final greedy evaluation/);
    for (const job of jobs) expect(metricsWithoutTimings(join(out, job.run)), job.run).to.deep.equal(metricsWithoutTimings(join(root, 'serial', basename(job.run))));
  });

  it('an abort (Ctrl-C) stops the running run between two steps and the queued one before it starts; both finish later as serial runs', async function () {
    this.timeout(120_000);
    const root2 = join(root, 'aborted');
    const sweep = readSweepFile(sweepFile);
    const [first, second] = sweep.jobs as [SweepJob, SweepJob];
    const ac = new AbortController();
    const quiet = { out: () => undefined, err: () => undefined, interactive: false };
    const running = runSweepLocal(sweep, { root: root2, workers: 1, io: quiet, signal: ac.signal });
    while (!existsSync(join(root2, first.run, RUN_FILES.checkpoint))) await new Promise((r) => setTimeout(r, 10));
    ac.abort();
    const outcomes = await running;
    expect(outcomes.map((o) => o.status)).to.deep.equal(['interrupted', 'interrupted']);
    expect(existsSync(join(root2, first.run, RUN_FILES.final))).to.equal(false);
    expect(existsSync(join(root2, second.run)), 'the queued run never started').to.equal(false);
    const again = await runSweepLocal(sweep, { root: root2, workers: 2, io: quiet });
    expect(again.map((o) => o.status)).to.deep.equal(['resumed', 'trained']);
    for (const job of sweep.jobs) expect(metricsWithoutTimings(join(root2, job.run))).to.deep.equal(metricsWithoutTimings(join(root, 'serial', basename(job.run))));
  });

  it('prints help for sweep and worker', async () => {
    for (const argv of [['sweep', '--help'], ['worker', '--help']]) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).to.equal(0);
      expect(r.out).to.match(/Usage: converge (sweep|worker)/);
    }
  });

  it('a malformed sweep file, an unknown algorithm or env, or an unreachable Redis give a clear error and leave finished runs untouched', async function () {
    this.timeout(60_000);
    const out = join(root, 'sweeps');
    const runs = join(out, 'tiny', 'runs');
    expect(readdirSync(runs)).to.have.length(2);
    const before = snapshot(runs);
    const cases: [string, RegExp, number][] = [
      [`${TINY_SWEEP}grid: [oops\n`, /not valid YAML/, 2],
      [`${TINY_SWEEP}runs:\n  - {}\n  - { algo: sarsa }\n`, /runs\[1\], seed 0: unknown algorithm "sarsa"/, 2],
      [`${TINY_SWEEP}runs:\n  - {}\n  - { env: CartPol-v1 }\n`, /runs\[1\], seed 0: No environment is registered as "CartPol-v1"/, 2],
    ];
    for (const [text, message, code] of cases) {
      const bad = join(root, 'tiny-bad.yaml');
      await writeFile(bad, text);
      const r = await cli('sweep', bad, '--out', out);
      expect(r.code, text).to.equal(code);
      expect(r.err, text).to.match(message);
    }
    const unreachable = await cli('sweep', sweepFile, '--out', out, '--redis', 'redis://:hunter2@127.0.0.1:1');
    expect(unreachable.code).to.equal(1);
    expect(unreachable.err).to.match(/cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1: .*ECONNREFUSED/);
    expect(unreachable.err + unreachable.out).to.not.include('hunter2');
    expect(snapshot(runs)).to.deep.equal(before);
  });
});
