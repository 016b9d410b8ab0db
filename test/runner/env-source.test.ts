import { expect } from 'chai';
import type { Env } from '../../src/core/env.js';
import { resolveEnvSource } from '../../src/runner/env-source.js';

function episodeLength(env: Env): number {
  env.reset({ seed: 0 });
  for (let t = 1; ; t++) {
    const r = env.step(0);
    if (r.terminated || r.truncated) return t;
  }
}

describe('runner: resolveEnvSource', () => {
  const module = 'test/fixtures/env-modules/register-endless.mjs';

  it("keeps a module-registered id's time limit by default", async () => {
    expect(episodeLength((await resolveEnvSource(module)).make())).to.equal(3);
  });

  it('replaces that time limit with --max-episode-steps, longer or shorter', async () => {
    expect(episodeLength((await resolveEnvSource(module, {}, 7)).make())).to.equal(7);
    expect(episodeLength((await resolveEnvSource(module, {}, 2)).make())).to.equal(2);
  });

  it('gives a registered id its time limit from the flag too', async () => {
    expect(episodeLength((await resolveEnvSource('CartPole-v1', {}, 4)).make() as Env)).to.be.at.most(4);
  });
});
