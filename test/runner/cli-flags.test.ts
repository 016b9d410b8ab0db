import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { expect } from 'chai';
import { RUN_FILES } from '../../src/runner/run-dir.js';
import { readJsonl } from '../../src/runner/sinks/jsonl.js';
import { cli } from '../support/run-cli.js';

const FAST = ['--eval-every', '1000', '--eval-episodes', '1', '--backend', 'cpu', '--no-progress'];
const DQN = ['--hyperparams', 'netArch=[8]', 'learningStarts=20', 'bufferSize=500'];

function configOf(dir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, RUN_FILES.config), 'utf8')) as Record<string, unknown>;
}

function resultOf(dir: string): { steps: number } {
  return JSON.parse(readFileSync(join(dir, RUN_FILES.results), 'utf8')) as { steps: number };
}

describe('runner CLI: flags', function () {
  this.timeout(60_000);
  let root = '';
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'converge-flags-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('--version prints the package version', async () => {
    const r = await cli('--version');
    expect(r.code).to.equal(0);
    expect(r.out.trim()).to.equal((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version);
  });

  it('--hyperparams and --env-kwargs set single values, read as YAML and checked like the config file', async () => {
    await writeFile(join(root, 'base.yaml'), 'hyper:\n  batchSize: 16\nenvKwargs:\n  length: 6\n');
    const r = await cli('train', '--algo', 'dqn', '--env', 'examples/custom-env.ts', '--steps', '50', ...FAST, '--config', join(root, 'base.yaml'), ...DQN, 'gamma=0.9', '--env-kwargs', 'length=5', '--out', root, '--name', 'kv');
    expect(r.err).to.equal('');
    expect(r.code).to.equal(0);
    const c = configOf(join(root, 'kv'));
    expect(c['hyper']).to.include({ gamma: 0.9, learningStarts: 20, bufferSize: 500, batchSize: 16 });
    expect((c['hyper'] as Record<string, unknown>)['netArch']).to.deep.equal([8]);
    expect(c['envKwargs']).to.deep.equal({ length: 5 });
    const bad: [string[], RegExp][] = [
      [['--hyperparams', 'gamma=2'], /gamma is 2; it must be a number in \[0, 1\]/],
      [['--hyperparams', 'gamma'], /--hyperparams: "gamma" is not key=value/],
      [['--hyperparams', 'gama=0.9'], /unknown hyperparameter "gama"|unknown.*gama/],
      [['--hyperparams', 'gamma=[1'], /--hyperparams: the value of gamma, "\[1", is not a YAML value/],
      [['--env-kwargs', 'length=1'], /kwarg length is 1, must be an integer >= 2/],
      [['--env-kwargs', 'width=3'], /unknown kwarg "width"/],
    ];
    for (const [flags, message] of bad) {
      const b = await cli('train', '--algo', 'dqn', '--env', 'examples/custom-env.ts', '--steps', '50', ...FAST, ...flags, '--out', root, '--name', 'bad');
      expect(b.code, flags.join(' ')).to.equal(2);
      expect(b.err, flags.join(' ')).to.match(message);
      expect(existsSync(join(root, 'bad')), flags.join(' ')).to.equal(false);
    }
  });

  it('stores a module env relative to the run directory, and honours its register(..., { maxEpisodeSteps })', async () => {
    const r = await cli('train', '--algo', 'dqn', '--env', 'examples/custom-env.ts', '--steps', '400', ...FAST, ...DQN, 'explorationFinalEps=1', 'explorationInitialEps=1', '--out', root, '--name', 'rel');
    expect(r.code, r.err).to.equal(0);
    const dir = join(root, 'rel');
    expect(configOf(dir)['env']).to.equal(relative(dir, resolve('examples/custom-env.ts')));
    const episodes = readJsonl<{ kind: string; length: number; terminated: boolean }>(join(dir, RUN_FILES.metrics)).filter((e) => e.kind === 'episode');
    expect(episodes.length).to.be.greaterThan(0);
    expect(Math.max(...episodes.map((e) => e.length))).to.equal(100);
    expect(episodes.some((e) => !e.terminated)).to.equal(true);
    expect((await cli('eval', dir, '--episodes', '1')).code).to.equal(0);
  });

  it('refuses a taken run name alike, default or --name, and names an --out that is a file', async () => {
    const args = ['train', '--algo', 'dqn', '--env', 'CartPole-v1', '--steps', '30', ...FAST, ...DQN, '--out', root];
    expect((await cli(...args)).code).to.equal(0);
    const again = await cli(...args);
    expect(again.code).to.equal(2);
    expect(again.err).to.match(/run directory .*dqn-CartPole-v1-s0 already exists; continue it with `converge resume/);
    const named = await cli(...args, '--name', 'dqn-CartPole-v1-s0');
    expect(named.code).to.equal(2);
    expect(named.err).to.equal(again.err);
    await writeFile(join(root, 'a-file'), 'x');
    const file = await cli(...args, '--out', join(root, 'a-file'));
    expect(file.code).to.equal(2);
    expect(file.err).to.match(/--out .*a-file: .*a-file is a file, not a folder/);
    expect(file.err).to.not.match(/ENOTDIR|\n\s+at /);
    const nested = await cli(...args, '--out', join(root, 'a-file', 'deeper'));
    expect(nested.code).to.equal(2);
    expect(nested.err).to.match(/--out .*deeper: cannot create the run directory .*ENOTDIR/);
    expect(nested.err).to.not.match(/\n\s+at /);
  });

  it('--steps is exact with one env and at least n (less than one more batch) with a vector env, as the help says', async () => {
    for (const [algo, n, steps] of [['ppo', 1, 100], ['dqn', 1, 77], ['ppo', 8, 10], ['a2c', 3, 100]] as const) {
      const name = `steps-${algo}-${n}`;
      const r = await cli('train', '--algo', algo, '--env', 'CartPole-v1', '--steps', String(steps), '--n-envs', String(n), ...FAST, ...(algo === 'dqn' ? DQN : []), '--out', root, '--name', name);
      expect(r.code, r.err).to.equal(0);
      const got = resultOf(join(root, name)).steps;
      if (n === 1) expect(got, name).to.equal(steps);
      else expect(got, name).to.be.within(steps, steps + n - 1);
    }
    const help = await cli('train', '--help');
    expect(help.out.replace(/\s+/g, ' ')).to.match(/exactly n with one env, at least n with --n-envs above 1/);
  });

  it('--help and the README give the same backend default', async () => {
    const help = (await cli('train', '--help')).out.replace(/\s+/g, ' ');
    const readme = readFileSync('README.md', 'utf8').replace(/\s+/g, ' ');
    const rule = 'tensorflow when @tensorflow/tfjs-node is installed, else webgpu on a hardware GPU adapter, else wasm, else cpu';
    expect(help).to.include(`default: ${rule}`);
    expect(readme.replace(/`/g, '')).to.include(`default: ${rule}`);
  });

  it("prints no tfjs banner with --backend cpu", () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/runner/cli.ts', 'train', '--algo', 'ppo', '--env', 'CartPole-v1', '--steps', '20', ...FAST, '--out', root, '--name', 'banner'], { encoding: 'utf8' });
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout + r.stderr).to.not.match(/TensorFlow\.js in Node\.js|node backend/);
  });

  it('reproduce --quick writes under runs/, never over the committed reports/<name>/', async () => {
    const committed = join(process.cwd(), 'reports', 'q-learning-replay', 'report.md');
    const before = readFileSync(committed, 'utf8');
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const r = await cli('reproduce', 'q-learning-replay', '--quick');
      expect(r.code, r.err).to.equal(0);
      expect(r.out).to.include(join('runs', 'reproduce-q-learning-replay-quick', 'report.md'));
      expect(existsSync(join(root, 'runs', 'reproduce-q-learning-replay-quick', 'report.md'))).to.equal(true);
      expect(existsSync(join(root, 'reports'))).to.equal(false);
    } finally {
      process.chdir(cwd);
    }
    expect(readFileSync(committed, 'utf8')).to.equal(before);
  });
});
