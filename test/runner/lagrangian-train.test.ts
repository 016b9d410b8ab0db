import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type CliIO } from '../../src/runner/cli.js';
import { RUN_FILES } from '../../src/runner/run-dir.js';
import { readJsonl } from '../../src/runner/sinks/jsonl.js';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => void (out += t), err: (t) => void (err += t), interactive: false };
  return { code: await main(argv, io), out, err };
}

describe('runner: converge train --algo reload | lagrangian-gda | reload-ppo | lagrangian-ppo on a constrained env', () => {
  it('trains on ConstrainedGridWorld-v0 and logs the multiplier, and the episode cost beside the return', async () => {
    const root = await mkdtemp(join(tmpdir(), 'lagrangian-train-'));
    try {
      for (const algo of ['reload', 'lagrangian-gda']) {
        const r = await cli('train', '--algo', algo, '--env', 'ConstrainedGridWorld-v0', '--steps', '3000', '--out', root, '--name', algo, '--no-progress', '--backend', 'cpu');
        expect(r.code, r.err).to.equal(0);
        const log = readJsonl(join(root, algo, RUN_FILES.metrics));
        const train = log.filter((x) => x.kind === 'train');
        expect(train.length).to.be.greaterThan(0);
        expect(train.at(-1)).to.have.property('mu/hazard').that.is.a('number');
        // The episode records carry the discounted hazard cost beside the return.
        const episode = log.filter((x) => x.kind === 'episode').at(-1) as { costs?: number[] };
        expect(episode.costs).to.have.length(1);
        expect(episode.costs?.[0]).to.be.at.least(0);
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('trains --algo reload-ppo | lagrangian-ppo on vector copies of ConstrainedCartPole-v0 and logs the multiplier', async function () {
    this.timeout(60_000);
    const root = await mkdtemp(join(tmpdir(), 'lagrangian-train-'));
    try {
      for (const algo of ['reload-ppo', 'lagrangian-ppo']) {
        const r = await cli('train', '--algo', algo, '--env', 'ConstrainedCartPole-v0', '--steps', '1024', '--n-envs', '2', '--out', root, '--name', algo, '--no-progress', '--backend', 'cpu');
        expect(r.code, r.err).to.equal(0);
        const train = readJsonl(join(root, algo, RUN_FILES.metrics)).filter((x) => x.kind === 'train');
        expect(train.at(-1)).to.have.property('mu/off-centre').that.is.a('number');
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  for (const [algo, env] of [['reload', 'FrozenLake-v1'], ['reload-ppo', 'CartPole-v1']]) {
    it(`${algo}: says why an env without constraints cannot be used`, async () => {
      const root = await mkdtemp(join(tmpdir(), 'lagrangian-train-'));
      try {
        const r = await cli('train', '--algo', algo as string, '--env', env as string, '--steps', '100', '--out', root, '--no-progress', '--backend', 'cpu');
        expect(r.code).to.not.equal(0);
        expect(r.err).to.match(new RegExp(`${algo}: needs a ConstrainedEnv`));
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    });
  }
});
