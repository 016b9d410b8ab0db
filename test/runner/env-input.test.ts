import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadCheckpoint, RUN_FILES } from '../../src/runner/run-dir.js';
import { cli } from '../support/run-cli.js';

const BROKEN = 'test/fixtures/env-modules/broken-env.mjs';
const SMALL = ['--steps', '200', '--eval-every', '200', '--eval-episodes', '1', '--backend', 'cpu', '--no-progress'];

describe('runner: env input', function () {
  this.timeout(60_000);
  let root = '';
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'converge-envin-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /** Trains dqn on the broken env with `fault`; returns the CLI result and the run directory. */
  async function broken(fault: string) {
    const config = join(root, `${fault}.yaml`);
    await writeFile(config, `algo: dqn\nenv: ${BROKEN}\nenvKwargs:\n  fault: ${fault}\nsteps: 300\ncheckpointEvery: 100\nhyper:\n  netArch: [8]\n  learningStarts: 5\n`);
    const r = await cli('train', '--config', config, '--out', root, '--name', fault, '--backend', 'cpu', '--no-progress');
    return { ...r, dir: join(root, fault) };
  }

  it('a NaN observation or reward stops the run naming the env, the step and the value, after a checkpoint', async () => {
    for (const [fault, what] of [['nan-obs', 'observation \\[NaN\\] with entry NaN'], ['nan-reward', 'reward NaN']] as const) {
      const r = await broken(fault);
      expect(r.code, fault).to.equal(1);
      expect(r.err, fault).to.match(new RegExp(`env broken-env\\.mjs: step 1 of episode 3 returned ${what}.*after run step 10; checkpoint saved at step 10; fix the env`));
      expect(r.err, fault).to.not.match(/\n\s+at /);
      expect((await loadCheckpoint(r.dir)).step, fault).to.equal(10);
    }
  });

  it('an observation outside the space in the first episode, or an env that throws, is a clear error', async () => {
    const out = await broken('out-of-space');
    expect(out.code).to.equal(1);
    expect(out.err).to.match(/env broken-env\.mjs: step 3 of episode 1 returned observation \[7\], which is not in its observation space Box/);
    const threw = await broken('throws');
    expect(threw.code).to.equal(1);
    expect(threw.err).to.match(/env broken-env\.mjs: step 2 of episode 3 threw TypeError: cannot read properties of undefined/);
    expect(threw.err).to.not.match(/\n\s+at /);
    const rollout = await cli('envs', '--env', BROKEN, '--episodes', '3');
    expect(rollout.code).to.equal(0);
    // The random rollout of `converge envs` checks the env the same way.
    await writeFile(join(root, 'nan-module.mjs'), `import { createEnv as make } from ${JSON.stringify(join(process.cwd(), BROKEN))};\nexport function createEnv() {\n  return make({ fault: 'nan-reward' });\n}\n`);
    const nan = await cli('envs', '--env', join(root, 'nan-module.mjs'), '--episodes', '5');
    expect(nan.code).to.equal(1);
    expect(nan.err).to.match(/^converge: env Object: step 1 of episode 3 returned reward NaN; rewards must be finite numbers\n$/);
  });

  it('one-hot encodes Discrete observations for the neural agents (FrozenLake, CliffWalking)', async () => {
    const cases = [['ppo', 'CliffWalking-v0'], ...['ppo', 'a2c', 'reinforce', 'polyak-pg', 'dqn'].map((a) => [a, 'FrozenLake-v1']), ['ppo', 'FrozenLake-v1', '2'], ['dqn', 'CliffWalking-v0', '2']] as [string, string, string?][];
    await writeFile(join(root, 'batch.yaml'), 'hyper:\n  batchSteps: 100\n  valueEpochs: 1\n');
    for (const [algo, env, nEnvs = '1'] of cases) {
      const extra = algo === 'reinforce' || algo === 'polyak-pg' ? ['--config', join(root, 'batch.yaml')] : [];
      const r = await cli('train', '--algo', algo, '--env', env, '--n-envs', nEnvs, ...SMALL, ...extra, '--out', root, '--name', `${algo}-${env}-${nEnvs}`);
      expect(r.err, `${algo} ${env}`).to.equal('');
      expect(r.code, `${algo} ${env}`).to.equal(0);
    }
  });

  it('refuses an env the algorithm cannot take before creating the run directory', async () => {
    const r = await cli('train', '--algo', 'dqn', '--env', 'Pendulum-v1', ...SMALL, '--out', root, '--name', 'refused');
    expect(r.code).to.equal(2);
    expect(r.err).to.match(/--algo dqn cannot take --env Pendulum-v1: createDqn: the action space must be Discrete/);
    expect(existsSync(join(root, 'refused'))).to.equal(false);
    expect(existsSync(join(root, 'refused', RUN_FILES.config))).to.equal(false);
  });
});
