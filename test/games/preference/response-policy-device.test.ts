import { expect } from 'chai';
import { initBackend } from '../../../src/core/backend.js';
import { Rng } from '../../../src/core/rng.js';
import { trainPreferenceIterations } from '../../../src/games/preference/iterative-preference-training.js';
import { biasedRps } from '../../../src/games/preference/builtin-preferences.js';
import { SoftmaxResponsePolicy } from '../../../src/games/preference/response-policy.js';
import { countReads, expectRelativeClose, useDeviceBackends } from '../../support/device.js';

describe('games/preference: self-play preference training on the device', function () {
  const backends = useDeviceBackends();

  it('reads nothing synchronously (one read of π per iteration and at the start), and ends on webgpu as on cpu to 1e-4', async function () {
    this.timeout(120_000);
    const finals: Float32Array[] = [];
    for (const backend of backends) {
      await initBackend(backend);
      const policy = new SoftmaxResponsePolicy(1, 3);
      const { counts, restore } = countReads(backend);
      try {
        await trainPreferenceIterations(policy, biasedRps(), { loss: { kind: 'sppo', eta: 1 }, iterations: 3, steps: 10, observe: () => {} }, new Rng(2));
      } finally {
        restore();
      }
      // π_0 (the fixed reference's), then per iteration π_t before sampling and π_{t+1} for `observe`.
      expect(counts, backend).to.deep.equal({ read: 1 + 2 * 3, readSync: 0 });
      finals.push(Float32Array.from((await policy.probabilities())[0]!));
      policy.dispose();
    }
    if (finals.length === 2) expectRelativeClose(finals[0]!, finals[1]!, 1e-4, 'π after 3 iterations');
  });
});
