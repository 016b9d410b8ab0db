import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { lastValueFrom } from 'rxjs';
import { initBackend } from '../../src/core/backend.js';
import { Rng } from '../../src/core/rng.js';
import { make } from '../../src/envs/registry.js';
import { ActorCritic } from '../../src/policy-gradient/actor-critic.js';
import { interact } from '../../src/runner/interact.js';
import { countReads, expectRelativeClose, useDeviceBackends } from '../support/device.js';

/** One 64-step rollout, then 50 PPO minibatch updates on it (50 epochs of one minibatch): acting uses the initial weights only. */
function ppo(): ActorCritic {
  const env = make('CartPole-v1');
  return new ActorCritic(env.observationSpace, env.actionSpace, new Rng(4), {
    nSteps: 64, learningRate: 3e-4, entCoef: 0.01, netArch: [16, 16], ppo: { nEpochs: 50, batchSize: 64 },
  });
}

describe('policy-gradient: PPO on the device', function () {
  const backends = useDeviceBackends();

  it('reads back nothing synchronously in an update: 2 asynchronous reads (values; new weights with the loss and clip fraction)', async function () {
    this.timeout(120_000);
    for (const backend of backends) {
      await initBackend(backend);
      const agent = ppo();
      const tensors = tf.memory().numTensors;
      const { counts, restore } = countReads(backend);
      try {
        await lastValueFrom(interact(make('CartPole-v1'), agent, { seed: 1, steps: 64 }));
      } finally {
        restore();
      }
      expect(agent.updates).to.equal(1);
      expect(counts, backend).to.deep.equal({ read: 2, readSync: 0 });
      expect(tf.memory().numTensors, `${backend}: tensors`).to.equal(tensors);
      agent.dispose();
    }
  });

  it('takes its first 50 minibatch updates on webgpu as on cpu, to 1e-4 relative', async function () {
    if (!backends.includes('webgpu')) this.skip();
    this.timeout(120_000);
    const weights: Float32Array[] = [];
    for (const backend of ['cpu', 'webgpu'] as const) {
      await initBackend(backend);
      const agent = ppo();
      await lastValueFrom(interact(make('CartPole-v1'), agent, { seed: 1, steps: 64 }));
      weights.push((await agent.policy.net.params.data()) as Float32Array, (await agent.critic.net.params.data()) as Float32Array);
      agent.dispose();
    }
    expectRelativeClose(weights[0] as Float32Array, weights[2] as Float32Array, 1e-4, 'policy');
    expectRelativeClose(weights[1] as Float32Array, weights[3] as Float32Array, 1e-4, 'critic');
  });
});
