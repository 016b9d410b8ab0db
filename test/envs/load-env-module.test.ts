import { expect } from 'chai';
import { loadEnvModule } from '../../src/envs/load-env-module.js';
import { resolveEnvSource } from '../../src/runner/env-source.js';

describe('envs: loadEnvModule across copies of the library', () => {
  it('a second loaded copy sees the ids the module registered when the first copy loaded it', async () => {
    const first = await loadEnvModule('examples/custom-env.ts');
    expect(first.ids).to.deep.equal(['Corridor-v0']);
    // A query makes a second module record: a second copy of loadEnvModule, as the compiled CLI beside tsx has.
    const other = (await import(`${new URL('../../src/envs/load-env-module.ts', import.meta.url).href}?copy`)) as typeof import('../../src/envs/load-env-module.js');
    expect(other.loadEnvModule).to.not.equal(loadEnvModule);
    expect((await other.loadEnvModule('examples/custom-env.ts')).ids).to.deep.equal(['Corridor-v0']);
  });

  it("so the runner builds the module's env with its registered time limit", async () => {
    const env = (await resolveEnvSource('examples/custom-env.ts')).make();
    expect(env.spec?.maxEpisodeSteps).to.equal(100);
  });
});
