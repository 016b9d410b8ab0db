import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { cli } from '../support/run-cli.js';
import { loadCheckpoint, RUN_FILES } from '../../src/runner/run-dir.js';
import { train } from '../../src/runner/run.js';
import { resolveTrainConfig, type TrainSettings } from '../../src/runner/train-config.js';
import { metricsWithoutTimings, trainChild } from '../support/resume-helpers.js';

/** `converge train` in a child process, sent `signal` once its metrics log has a line; resolves with its exit code and stderr. */
async function cliChildStopped(argv: string[], runDir: string, signal: 'SIGINT' | 'SIGTERM'): Promise<{ code: number | null; err: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/runner/cli.ts', ...argv], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => void (err += d.toString()));
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const metrics = join(runDir, RUN_FILES.metrics);
  while (!(existsSync(metrics) && readFileSync(metrics, 'utf8').includes('\n'))) {
    if (child.exitCode !== null) throw new Error(`child exited with ${child.exitCode} before its first record: ${err}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  child.kill(signal);
  return { code: await closed, err };
}

/** A tiny DQN that trains every other step, so its runs last a second or two: long enough for a signal to land. */
const DQN = { algo: 'dqn', seed: 5, backend: 'wasm', evalEvery: 1000, evalEpisodes: 2, logEvery: 200, hyper: { netArch: [16], learningStarts: 100, trainFreq: 2, gradientSteps: 1, batchSize: 32, bufferSize: 5000, targetUpdateInterval: 100 } } as const;

describe('runner: interrupts', function () {
  this.timeout(120_000);
  let root = '';
  let walkModule = '';
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'converge-interrupt-'));
    // A user env without snapshot()/restore().
    walkModule = join(root, 'walk-env.ts');
    const fixtures = JSON.stringify(join(process.cwd(), 'test/support/runner-fixtures.ts'));
    await writeFile(walkModule, `import { WalkEnv } from ${fixtures};\nexport default function createEnv() {\n  return new WalkEnv();\n}\n`);
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('SIGTERM: `converge train` writes a checkpoint at the step it stopped and exits 143; `converge resume` ends as the uninterrupted run', async () => {
    const config = join(root, 'term.json');
    await writeFile(config, JSON.stringify({ ...DQN, env: 'CartPole-v1', steps: 1500, checkpointEvery: 500 }));
    expect((await cli('train', '--config', config, '--out', root, '--name', 'term-whole', '--no-progress')).code).to.equal(0);
    const dir = join(root, 'term');
    const r = await cliChildStopped(['train', '--config', config, '--out', root, '--name', 'term', '--no-progress'], dir, 'SIGTERM');
    expect(r.code, r.err).to.equal(143);
    const ckpt = await loadCheckpoint(dir);
    expect(r.err).to.include(`checkpoint at step ${ckpt.step}; continue with: converge resume ${dir}`);
    expect(r.err).to.match(new RegExp(`interrupted at step ${ckpt.step};`));
    const resumed = await cli('resume', dir, '--no-progress');
    expect(resumed.err).to.equal('');
    expect(resumed.code).to.equal(0);
    expect(metricsWithoutTimings(dir)).to.deep.equal(metricsWithoutTimings(join(root, 'term-whole')));
  });

  it('a run killed before its first checkpoint is resumed from step 0 by `converge resume`, to the uninterrupted metrics', async () => {
    const settings: TrainSettings = { ...DQN, env: 'CartPole-v1', steps: 1200, checkpointEvery: 1000 } as TrainSettings;
    const config = join(root, 'early.json');
    await writeFile(config, JSON.stringify(settings));
    expect((await cli('train', '--config', config, '--out', root, '--name', 'early-whole', '--no-progress')).code).to.equal(0);
    const r = await trainChild(settings, root, 'early', 300, 'SIGKILL');
    expect(r.signal).to.equal('SIGKILL');
    const dir = join(root, 'early');
    expect(existsSync(join(dir, RUN_FILES.checkpoint)), 'no checkpoint before step 1000').to.equal(false);
    expect(metricsWithoutTimings(dir).length, 'records of the killed segment').to.be.greaterThan(0);
    const resumed = await cli('resume', dir, '--no-progress');
    expect(resumed.err).to.equal('');
    expect(resumed.code).to.equal(0);
    expect(metricsWithoutTimings(dir)).to.deep.equal(metricsWithoutTimings(join(root, 'early-whole')));
  });

  it('SIGINT on a user env without snapshots exits 130 and the run resumes (from its last episode end, or step 0) to the uninterrupted metrics', async () => {
    const config = join(root, 'walk.json');
    await writeFile(config, JSON.stringify({ ...DQN, env: walkModule, steps: 1500, checkpointEvery: 100_000 }));
    expect((await cli('train', '--config', config, '--out', root, '--name', 'walk-whole', '--no-progress')).code).to.equal(0);
    const dir = join(root, 'walk');
    const r = await cliChildStopped(['train', '--config', config, '--out', root, '--name', 'walk', '--no-progress'], dir, 'SIGINT');
    expect(r.code, r.err).to.equal(130);
    expect(r.err).to.match(/interrupted at step \d+; (no checkpoint yet: converge resume .* starts it again from step 0|checkpoint at step \d+; continue with: converge resume)/);
    const again = await cli('train', '--config', config, '--out', root, '--name', 'walk');
    expect(again.code).to.equal(2);
    expect(again.err).to.match(/already exists; continue it with `converge resume/);
    const resumed = await cli('resume', dir, '--no-progress');
    expect(resumed.code, resumed.err).to.equal(0);
    expect(metricsWithoutTimings(dir)).to.deep.equal(metricsWithoutTimings(join(root, 'walk-whole')));
  });

  it('a vector run of a user env without snapshots resumes with new episodes and says so once', async () => {
    const settings = { ...DQN, env: walkModule, nEnvs: 2, steps: 900, checkpointEvery: 300 } as TrainSettings;
    const r = await trainChild(settings, root, 'walk-vec', 600, 'SIGKILL');
    expect(r.signal).to.equal('SIGKILL');
    const resumed = await cli('resume', join(root, 'walk-vec'), '--no-progress');
    expect(resumed.code, resumed.err).to.equal(0);
    const warnings = resumed.err.split('\n').filter((l) => l.includes('warning'));
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.match(/new episodes in every env copy: the env has no snapshot\(\)\/restore\(\)/);
  });

  it('a signal that fired before the loop started (Ctrl-C while the backend loaded) stops the run at step 0', async () => {
    const config = resolveTrainConfig({ ...DQN, env: 'CartPole-v1', steps: 2000, checkpointEvery: 500 } as TrainSettings);
    const s = await train(config, { out: root, name: 'aborted-early', signal: AbortSignal.abort() });
    expect(s.result.interrupted).to.equal(true);
    expect(s.result.steps).to.equal(0);
    expect(existsSync(join(root, 'aborted-early', RUN_FILES.final))).to.equal(false);
  });
});
