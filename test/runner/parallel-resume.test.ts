import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { from } from 'rxjs';
import { loadCheckpoint, RUN_FILES } from '../../src/runner/run-dir.js';
import { progressSink } from '../../src/runner/sinks/progress.js';
import type { MetricRecord } from '../../src/runner/sinks/metric-record.js';
import { resolveParallelEnv, trainParallel, type ParallelTrainOptions } from '../../src/runner/train-parallel.js';
import { metricsWithoutTimings, runChild } from '../support/resume-helpers.js';
import { cli } from '../support/run-cli.js';

type Options = Omit<ParallelTrainOptions, 'env'>;

/** `train-parallel-child.ts`, which sends itself `signal` at the first record at or after `stopAt`. */
function trainParallelChild(o: Options, out: string, name: string, stopAt: number, signal: 'SIGKILL' | 'SIGINT' | 'SIGTERM'): Promise<{ code: number | null; signal: string | null; out: string }> {
  return runChild('train-parallel-child.ts', [JSON.stringify(o), out, name, String(stopAt), signal]);
}

async function trainWhole(o: Options, out: string, name: string): Promise<void> {
  const env = await resolveParallelEnv(o.envRef, o.envKwargs);
  await trainParallel({ ...o, env: env!, out, name });
}

const results = (dir: string) => {
  const r = JSON.parse(readFileSync(join(dir, RUN_FILES.results), 'utf8')) as Record<string, unknown>;
  return { steps: r['steps'], episodes: r['episodes'], finalReturns: r['finalReturns'], nashConv: r['nashConv'] };
};

describe('runner: checkpoints, resume, progress and listing of multi-agent runs', function () {
  this.timeout(60_000);
  let root = '';
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'parallel-resume-'));
  });
  after(async () => rm(root, { recursive: true, force: true }));

  it('a signal that fired before the loop started stops the run at step 0', async () => {
    const env = await resolveParallelEnv('RandomMarkovGame-v0', {});
    const r = await trainParallel({ envRef: 'RandomMarkovGame-v0', env: env!, steps: 1000, out: root, name: 'aborted-early', signal: AbortSignal.abort() });
    expect(r.interrupted).to.equal(true);
    expect(r.steps).to.equal(0);
  });

  it("writes checkpoints every --checkpoint-every steps with every learner's files in the manifest", async () => {
    const r = await cli('train', '--env', 'RandomMarkovGame-v0', '--steps', '1000', '--checkpoint-every', '250', '--out', root, '--name', 'ckpt');
    expect(r.code, r.err).to.equal(0);
    const dir = join(root, 'ckpt');
    const ckpt = await loadCheckpoint(dir);
    expect(ckpt.step).to.equal(1000);
    expect(Object.keys(ckpt.files ?? {})).to.include.members(['agent/player_0/tabular-q.bin', 'agent/player_1/tabular-q.bin']);
    const fin = await loadCheckpoint(dir, 'final');
    expect(fin.step).to.equal(1000);
    expect(JSON.parse(readFileSync(join(dir, RUN_FILES.config), 'utf8'))).to.include({ kind: 'multi-agent', checkpointEvery: 250 });
    const again = await cli('train', '--env', 'RandomMarkovGame-v0', '--steps', '1000', '--out', root, '--name', 'ckpt');
    expect(again.code).to.equal(2);
    expect(again.err).to.match(/already exists; continue it with `converge resume/);
    const done = await cli('resume', dir);
    expect(done.out).to.match(/the run has finished; nothing to resume/);
    const ev = await cli('eval', dir, '--episodes', '3');
    expect(ev.code, ev.err).to.equal(0);
    expect(ev.out).to.match(/\(final learners at step 1000\), 3 greedy episodes:\n {2}player_0: -?\d+\.\d\d ± \d+\.\d\d \(stderr; .* n 3\)\n {2}player_1: /);
  });

  const cases: readonly (Options & { readonly killAt: number })[] = [
    { envRef: 'RandomMarkovGame-v0', algo: 'q-learning', steps: 3000, seed: 2, checkpointEvery: 333, killAt: 1750 },
    { envRef: 'RepeatedStagHunt-v0', envKwargs: { horizon: 30 }, algo: 'reinforce', gamma: 0.9, steps: 3000, seed: 1, checkpointEvery: 470, killAt: 2100 },
  ];
  for (const { killAt, ...o } of cases) {
    it(`${o.algo} on ${o.envRef}: killed (SIGKILL) at step ${killAt} and resumed mid-episode, writes the metrics and results of the uninterrupted run`, async () => {
      const slug = `${o.algo}-${o.envRef}`;
      await trainWhole(o, root, `${slug}-whole`);
      const whole = metricsWithoutTimings(join(root, `${slug}-whole`));
      expect(whole.length, 'episodes logged').to.be.at.least(20);
      const r = await trainParallelChild(o, root, `${slug}-kill`, killAt, 'SIGKILL');
      expect(r.signal).to.equal('SIGKILL');
      const dir = join(root, `${slug}-kill`);
      expect(existsSync(join(dir, RUN_FILES.final))).to.equal(false);
      const ckpt = await loadCheckpoint(dir);
      expect(ckpt.interact?.episode, 'the checkpoint holds the episode under way').to.not.equal(undefined);
      const resumed = await cli('resume', dir, '--no-progress');
      expect(resumed.err).to.equal('');
      expect(resumed.code).to.equal(0);
      expect(resumed.out).to.match(/trained independent learners for 3000 steps/);
      expect(metricsWithoutTimings(dir)).to.deep.equal(whole);
      expect(results(dir)).to.deep.equal(results(join(root, `${slug}-whole`)));
      expect(readFileSync(join(dir, RUN_FILES.report), 'utf8')).to.match(/resumed at step \d+/);
    });
  }

  it('SIGINT stops a multi-agent run with a checkpoint at that step (exit 130), and it resumes to the uninterrupted metrics', async () => {
    // The signal lands at one of the loop's next yields (every 2048 steps), well before the end.
    const o: Options = { envRef: 'RandomMarkovGame-v0', steps: 12_000, seed: 3, checkpointEvery: 100_000 };
    await trainWhole(o, root, 'int-whole');
    const r = await trainParallelChild(o, root, 'int', 1234, 'SIGINT');
    expect(r.code).to.equal(130);
    const { steps, checkpointStep } = JSON.parse(r.out) as { steps: number; checkpointStep: number | null };
    expect(steps).to.be.below(12_000);
    expect(checkpointStep).to.equal(steps);
    await cli('resume', join(root, 'int'), '--no-progress');
    expect(metricsWithoutTimings(join(root, 'int'))).to.deep.equal(metricsWithoutTimings(join(root, 'int-whole')));
  });

  it('a multi-agent run killed before its first checkpoint starts again from step 0', async () => {
    const o: Options = { envRef: 'RepeatedPrisonersDilemma-v0', steps: 2000, seed: 4, checkpointEvery: 5000 };
    await trainWhole(o, root, 'early-whole');
    const r = await trainParallelChild(o, root, 'early', 800, 'SIGKILL');
    expect(r.signal).to.equal('SIGKILL');
    expect(existsSync(join(root, 'early', RUN_FILES.checkpoint))).to.equal(false);
    expect((await cli('resume', join(root, 'early'), '--no-progress')).code).to.equal(0);
    expect(metricsWithoutTimings(join(root, 'early'))).to.deep.equal(metricsWithoutTimings(join(root, 'early-whole')));
  });

  it('--env-kwargs build the Markov game and --hyperparams set the learners; both are kept for the resume', async () => {
    const r = await cli('train', '--env', 'RepeatedStagHunt-v0', '--env-kwargs', 'horizon=10', '--hyperparams', 'epsilon=0.3', 'gamma=0.5', '--steps', '200', '--out', root, '--name', 'kw');
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.match(/200 steps \(20 episodes\)/);
    const config = JSON.parse(readFileSync(join(root, 'kw', RUN_FILES.config), 'utf8')) as Record<string, unknown>;
    expect(config).to.deep.include({ envKwargs: { horizon: 10 }, epsilon: 0.3, gamma: 0.5 });
    const bad = await cli('train', '--env', 'RepeatedStagHunt-v0', '--hyperparams', 'lr=0.1', '--steps', '10', '--out', root, '--name', 'kw-bad');
    expect(bad.code).to.equal(2);
    expect(bad.err).to.match(/--hyperparams: q-learning \(independent learners\) takes gamma, epsilon; got "lr"/);
  });

  it("the progress bar shows each agent's mean return", () => {
    const stream = new PassThrough();
    let out = '';
    stream.on('data', (d: Buffer) => (out += d.toString()));
    const records: MetricRecord[] = [
      { kind: 'episode', step: 100, episode: 1, returns: { player_0: 1, player_1: -1 }, length: 100 },
      { kind: 'episode', step: 200, episode: 2, returns: { player_0: 2, player_1: 0 }, length: 100 },
    ];
    from(records).subscribe(progressSink({ total: 1000, stream }));
    expect(out).to.match(/200\/1000 steps/).and.match(/return player_0 1\.50, player_1 -0\.50/);
  });

  it('converge envs lists the built-in Markov games', async () => {
    const r = await cli('envs', '--episodes', '1');
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.match(/\d+ Markov games, multi-agent \(converge train --env <id> --algo q-learning\|reinforce\):/);
    for (const id of ['RepeatedPrisonersDilemma-v0', 'RepeatedStagHunt-v0', 'RandomMarkovGame-v0']) expect(r.out).to.include(`  ${id}`);
  });
});
