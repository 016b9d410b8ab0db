import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { Rng } from '../../src/core/rng.js';
import { RandomAgent } from '../../src/runner/random-agent.js';
import { resolveEnvSource } from '../../src/runner/env-source.js';
import { rollout } from '../../src/runner/rollout.js';
import { cli } from '../support/run-cli.js';

/** The margin over a random policy that the README promises for its custom-env example. */
const MARGIN = 5;

/** The README's `converge train` commands for examples/custom-env.ts, as argument lists. */
function readmeCommands(): string[][] {
  const readme = readFileSync('README.md', 'utf8');
  return [...readme.matchAll(/^npx converge (train --algo \w+ --env examples\/custom-env\.ts .*)$/gm)].map((m) => (m[1] as string).trim().split(/\s+/));
}

describe('examples/custom-env.ts learns through the .ts path, as the README says', function () {
  this.timeout(120_000);
  let root = '';
  let random = 0;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'converge-example-'));
    const env = (await resolveEnvSource('examples/custom-env.ts')).make();
    random = rollout(env, new RandomAgent(env.actionSpace, new Rng(5)), { episodes: 200, seed: 5 }).returns.reduce((a, b) => a + b, 0) / 200;
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('the README states the margin and gives a dqn and a ppo command', () => {
    expect(readFileSync('README.md', 'utf8')).to.include(`must beat random by at least ${MARGIN}`);
    expect(readmeCommands().map((c) => c[2])).to.deep.equal(['dqn', 'ppo']);
    expect(random).to.be.within(-7, -4.5);
  });

  for (const algo of ['dqn', 'ppo']) {
    it(`${algo}: the final greedy evaluation beats a random policy by ${MARGIN} over seeds 0 and 1`, async () => {
      const command = readmeCommands().find((c) => c[2] === algo) as string[];
      for (const seed of [0, 1]) {
        const name = `${algo}-${seed}`;
        const r = await cli(...command, '--seed', String(seed), '--out', root, '--name', name, '--no-progress', '--eval-every', '100000');
        expect(r.code, r.err).to.equal(0);
        const results = JSON.parse(readFileSync(join(root, name, 'results.json'), 'utf8')) as { final: { mean: number } };
        expect(results.final.mean, `${name} against random ${random.toFixed(2)}`).to.be.greaterThan(random + MARGIN);
      }
    });
  }
});
