import { expect } from 'chai';
import type { Env } from '../../src/core/env.js';
import { EnvError } from '../../src/core/errors.js';
import { CheckOutputs } from '../../src/envs/wrappers/check-outputs.js';
import { loadEnvModule } from '../../src/envs/load-env-module.js';

const { factory: createEnv } = await loadEnvModule('test/fixtures/env-modules/broken-env.mjs');

/** Plays episodes of always-right until one throws; returns the message. */
function failure(fault: string): string {
  const env = new CheckOutputs(createEnv({ fault }) as Env<Float32Array, number>);
  for (let ep = 0; ep < 5; ep++) {
    env.reset();
    for (let t = 0; t < 5; t++) {
      try {
        env.step(1);
      } catch (e) {
        expect(e).to.be.instanceOf(EnvError);
        return (e as Error).message;
      }
    }
  }
  return 'no error';
}

describe('envs: CheckOutputs', () => {
  it('stops a NaN observation or reward with the env, the step and the value', () => {
    expect(failure('nan-obs')).to.match(/^env Object: step 1 of episode 3 returned observation \[NaN\] with entry NaN; observations must be finite$/);
    expect(failure('nan-reward')).to.match(/^env Object: step 1 of episode 3 returned reward NaN; rewards must be finite numbers$/);
  });

  it('checks observations against the space during the first episode', () => {
    expect(failure('out-of-space')).to.match(/step 3 of episode 1 returned observation \[7\], which is not in its observation space Box\(0\.0, 1\.0, \(1,\), float32\)/);
  });

  it('turns an exception of the env into an EnvError that names it, keeping the cause', () => {
    expect(failure('throws')).to.equal('env Object: step 2 of episode 3 threw TypeError: cannot read properties of undefined');
    const env = new CheckOutputs(createEnv({ fault: 'throws' }) as Env<Float32Array, number>, 'broken-env.mjs');
    for (let ep = 0; ep < 2; ep++) env.reset();
    env.reset();
    env.step(1);
    const e = (() => {
      try {
        env.step(1);
      } catch (err) {
        return err as EnvError;
      }
      return undefined;
    })();
    expect(e?.message).to.match(/^env broken-env\.mjs: step 2 of episode 3 threw/);
    expect(e?.cause).to.be.instanceOf(TypeError);
  });

  it('passes a healthy env through unchanged', () => {
    expect(failure('none')).to.equal('no error');
  });
});
