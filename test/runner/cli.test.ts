import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { cli } from '../support/run-cli.js';
import { RUN_FILES } from '../../src/runner/run-dir.js';
import { readJsonl } from '../../src/runner/sinks/jsonl.js';

/** The metrics log without timings. */
function metrics(dir: string): Record<string, unknown>[] {
  return readJsonl(join(dir, RUN_FILES.metrics)).map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !k.endsWith('S'))));
}

/** A tiny DQN on CartPole that learns something in 1200 steps, quickly. */
const TINY = `algo: dqn
env: CartPole-v1
steps: 1200
seed: 3
backend: wasm
evalEvery: 400
evalEpisodes: 3
checkpointEvery: 300
hyper:
  netArch: [16, 16]
  learningStarts: 100
  trainFreq: 16
  gradientSteps: 4
  batchSize: 32
  bufferSize: 5000
  learningRate: 0.001
  targetUpdateInterval: 100
`;

describe('runner CLI', () => {
  let root = '';
  let config = '';
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'converge-cli-'));
    config = join(root, 'tiny.yaml');
    await writeFile(config, TINY);
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('fails with exit code 2 and a clear message on usage errors', async () => {
    const cases: [string[], RegExp][] = [
      [['train', '--env', 'CartPole-v1', '--bogus'], /unknown option '--bogus'/],
      [['fly'], /unknown command 'fly'/],
      [['train', '--env', 'CartPole-v1', '--steps', 'ten'], /--steps <n>.*invalid.*integer >= 1/],
      [['train', '--env', 'CartPole-v1', '--backend', 'gpu'], /--backend.*Allowed choices are tensorflow, webgpu, wasm, cpu/],
      [['train', '--env', 'CartPole-v1', '--algo', 'sarsa-lambda'], /unknown algorithm "sarsa-lambda"; known: .*dqn/],
      [['train', '--env', 'CartPol-v1'], /No environment is registered as "CartPol-v1".*CartPole-v1/],
      [['train'], /no environment given/],
      [['train', '--env', './no/such/env.ts'], /no file at/],
      [['train', '--config', join(root, 'missing.yaml')], /cannot be read/],
      [['resume', root], /not a run directory/],
      [['reproduce', 'no-such-notebook'], /no notebook "no-such-notebook"/],
      [['eval'], /missing required argument 'run'/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).to.equal(2);
      expect(r.err, argv.join(' ')).to.match(message);
    }
    await writeFile(join(root, 'bad.yaml'), 'env: CartPole-v1\nstepz: 10\n');
    const bad = await cli('train', '--config', join(root, 'bad.yaml'));
    expect(bad.code).to.equal(2);
    expect(bad.err).to.match(/unknown setting "stepz"; allowed: algo, env/);
    await writeFile(join(root, 'badhyper.yaml'), 'env: CartPole-v1\nhyper:\n  gamma: 2\n');
    expect((await cli('train', '--config', join(root, 'badhyper.yaml'))).err).to.match(/gamma is 2; it must be a number in \[0, 1\]/);
  });

  it('prints help with exit code 0 on every command', async () => {
    for (const argv of [['--help'], ['train', '--help'], ['resume', '--help'], ['eval', '--help'], ['envs', '--help'], ['check', '--help'], ['reproduce', '--help']]) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).to.equal(0);
      expect(r.out).to.match(/Usage: converge/);
    }
  });

  it('lists envs with a random rollout, and checks a user module', async () => {
    const envs = await cli('envs', '--episodes', '3');
    expect(envs.code).to.equal(0);
    expect(envs.out).to.match(/CartPole-v1 +max steps +500 +reward threshold 475/);
    expect(envs.out).to.match(/random policy on CartPole-v1, 3 episodes/);
    expect(envs.out).to.match(/\ntensor backend: (tensorflow|webgpu \(.+\)|wasm|cpu)\n/);
    const mod = join(root, 'my-env.ts');
    const fixtures = JSON.stringify(join(process.cwd(), 'test/support/runner-fixtures.ts'));
    await writeFile(mod, `import { WalkEnv } from ${fixtures};\nexport default function createEnv() {\n  return new WalkEnv();\n}\n`);
    const ok = await cli('check', mod);
    expect(ok.err).to.equal('');
    expect(ok.code).to.equal(0);
    expect(ok.out).to.match(/ok \(default export/);
  });

  it('trains, evaluates, and a run killed with SIGKILL resumes to the metrics of an uninterrupted run', async function () {
    this.timeout(120_000);
    const whole = await cli('train', '--config', config, '--out', root, '--name', 'whole', '--no-progress');
    expect(whole.err).to.equal('');
    expect(whole.code).to.equal(0);
    expect(whole.out).to.match(/1200 steps/);
    const wholeDir = join(root, 'whole');
    for (const f of [RUN_FILES.report, RUN_FILES.curve, RUN_FILES.final, RUN_FILES.checkpoint]) expect(existsSync(join(wholeDir, f)), f).to.equal(true);
    expect(readFileSync(join(wholeDir, RUN_FILES.report), 'utf8')).to.match(/Final greedy evaluation[\s\S]*steps\/s[\s\S]*learning-curve\.svg/);
    const ev = await cli('eval', wholeDir, '--episodes', '2');
    expect(ev.code).to.equal(0);
    expect(ev.out).to.match(/agent at step 1200\), 2 greedy episodes/);
    expect((await cli('resume', wholeDir)).out).to.match(/nothing to resume/);

    // The same run in a child process, killed once its first checkpoint is on disk, then resumed here.
    const crashDir = join(root, 'crash');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/runner/cli.ts', 'train', '--config', config, '--out', root, '--name', 'crash', '--no-progress'], { stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    while (!existsSync(join(crashDir, RUN_FILES.checkpoint))) {
      if (child.exitCode !== null) throw new Error(`child exited with ${child.exitCode} before a checkpoint`);
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGKILL');
    await exited;
    expect(existsSync(join(crashDir, RUN_FILES.final)), 'killed before the end').to.equal(false);
    const resumed = await cli('resume', crashDir, '--no-progress');
    expect(resumed.err).to.equal('');
    expect(resumed.code).to.equal(0);
    const [a, b] = [metrics(crashDir), metrics(wholeDir)];
    expect(a.map((r) => r.kind)).to.deep.equal(b.map((r) => r.kind));
    expect(a.filter((r) => r.kind !== 'train')).to.deep.equal(b.filter((r) => r.kind !== 'train'));
    // DQN's own Adam saves its whole state, so the resumed losses are the uninterrupted run's to the bit.
    expect(a.some((r) => r.kind === 'train' && typeof r.loss === 'number'), 'train records carry losses').to.equal(true);
    a.forEach((r, i) => {
      if (r.kind === 'train') expect(r.loss).to.equal(b[i]?.loss);
    });
  });
});
