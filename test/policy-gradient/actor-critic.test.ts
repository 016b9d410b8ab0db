import { expect } from 'chai';
import type { BatchTransition } from '../../src/core/agent.js';
import { initBackend } from '../../src/core/backend.js';
import { Rng } from '../../src/core/rng.js';
import { Box, Discrete } from '../../src/core/spaces/index.js';
import { ActorCritic } from '../../src/policy-gradient/actor-critic.js';
import { getFlat } from '../../src/policy-gradient/params.js';

describe('policy-gradient/actor-critic: endEpisodes', () => {
  before(async () => {
    await initBackend();
  });

  /** Four batch steps of two copies (obs dim 2, 2 actions), rewards and observations made up from the step index. */
  const batch = (k: number, truncated: boolean): BatchTransition => ({
    n: 2,
    obs: Float32Array.of(k, 1, -k, 2),
    actions: Int32Array.of(k % 2, (k + 1) % 2),
    rewards: Float64Array.of(1 + k, -k),
    nextObs: Float32Array.of(k + 1, 1, -k - 1, 2),
    terminated: Uint8Array.of(0, 0),
    truncated: Uint8Array.of(truncated ? 1 : 0, truncated ? 1 : 0),
    valid: Uint8Array.of(1, 1),
    infos: [{}, {}],
  });
  const agent = () => new ActorCritic(new Box(-10, 10, [2]), new Discrete(2), new Rng(7), { nSteps: 4, ppo: { nEpochs: 2, batchSize: 4 }, gaeLambda: 0.9 });

  for (const kind of ['A2C', 'PPO'] as const) {
    it(`${kind}: ending the episodes after step 2 updates exactly as if both copies had been truncated there`, async () => {
      const make = () => (kind === 'PPO' ? agent() : new ActorCritic(new Box(-10, 10, [2]), new Discrete(2), new Rng(7), { nSteps: 4, gaeLambda: 0.9 }));
      const [cut, truncated, joined] = [make(), make(), make()];
      for (let k = 0; k < 4; k++) {
        await cut.observeBatch(batch(k, false));
        if (k === 1) cut.endEpisodes();
        await truncated.observeBatch(batch(k, k === 1));
        await joined.observeBatch(batch(k, false));
      }
      const weights = async (a: ActorCritic) => Array.from(await getFlat([...a.policy.variables, a.critic.net.params]));
      expect(cut.updates).to.equal(1);
      expect(await weights(cut)).to.deep.equal(await weights(truncated));
      // Not a no-op: GAE across the cut gives another update.
      expect(await weights(cut)).to.not.deep.equal(await weights(joined));
      for (const a of [cut, truncated, joined]) a.dispose();
    });
  }

  it('does nothing before the first step or right after an update', async () => {
    const [called, plain] = [agent(), agent()];
    called.endEpisodes();
    for (let k = 0; k < 8; k++) {
      await called.observeBatch(batch(k, false));
      // Step 3 completes the first rollout (nSteps 4): nothing is stored to end.
      if (k === 3) called.endEpisodes();
      await plain.observeBatch(batch(k, false));
    }
    const weights = async (a: ActorCritic) => Array.from(await getFlat([...a.policy.variables, a.critic.net.params]));
    expect(called.updates).to.equal(2);
    expect(await weights(called)).to.deep.equal(await weights(plain));
    for (const a of [called, plain]) a.dispose();
  });
});
