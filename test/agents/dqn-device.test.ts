import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { lastValueFrom } from 'rxjs';
import { createDqn, type Dqn } from '../../src/agents/dqn.js';
import type { DqnConfig } from '../../src/agents/dqn-config.js';
import { initBackend } from '../../src/core/backend.js';
import { make } from '../../src/envs/registry.js';
import { interact } from '../../src/runner/interact.js';
import { countReads, expectRelativeClose, useDeviceBackends } from '../support/device.js';

/** Training phases of 50 gradient steps each, every 50 env steps after the first 100: step 100 + 50k ends phase k. */
const CONFIG: Partial<DqnConfig> = {
  replay: 'tensor', netArch: [16], batchSize: 32, learningStarts: 100, trainFreq: 50, gradientSteps: 50, bufferSize: 5000, targetUpdateInterval: 100,
};

/** A DQN agent on CartPole run through the runner's loop for `steps` env steps. */
async function run(agent: Dqn, steps: number, seed = 3): Promise<void> {
  const env = make<Float32Array, number>('CartPole-v1');
  await lastValueFrom(interact(env, agent, { seed, steps }));
}

describe('agents: DQN with replay "tensor" on the device', function () {
  const backends = useDeviceBackends();

  it('reads back nothing synchronously, and once per training phase (the acting copy, the logged loss with it), over 200 gradient steps', async function () {
    this.timeout(120_000);
    for (const backend of backends) {
      await initBackend(backend);
      const env = make<Float32Array, number>('CartPole-v1');
      const agent = createDqn(env.observationSpace, env.actionSpace, CONFIG, 1);
      await run(agent, 150);
      const tensors = tf.memory().numTensors;
      const { counts, restore } = countReads(backend);
      try {
        // Steps 151..350: phases end at 200, 250, 300, 350 (4 × 50 gradient steps).
        await lastValueFrom(interact(env, agent, { seed: 4, steps: 200 }));
      } finally {
        restore();
      }
      expect(counts.readSync, `${backend}: synchronous reads`).to.equal(0);
      // Nothing inside a phase's 50 gradient steps; at its end one read brings the weights for acting on the host
      // and the loss for the logger (which costs no read of its own).
      expect(counts.read, `${backend}: asynchronous reads (one per phase: weights and loss together)`).to.equal(4);
      expect(tf.memory().numTensors, `${backend}: tensors`).to.equal(tensors);
      agent.dispose();
    }
  });

  it('keeps tf.memory().numTensors flat over 2,000 gradient steps on cpu, wasm and webgpu', async function () {
    this.timeout(300_000);
    for (const backend of ['wasm', ...backends] as const) {
      await initBackend(backend);
      const env = make<Float32Array, number>('CartPole-v1');
      const agent = createDqn(env.observationSpace, env.actionSpace, CONFIG, 2);
      await run(agent, 150);
      const tensors = tf.memory().numTensors;
      await run(agent, 2000, 5);
      expect(tf.memory().numTensors, backend).to.equal(tensors);
      agent.dispose();
    }
  });

  it('takes its first 50 updates on webgpu as on cpu, to 1e-4 relative', async function () {
    if (!backends.includes('webgpu')) this.skip();
    this.timeout(120_000);
    const weights: Float32Array[] = [];
    for (const backend of ['cpu', 'webgpu'] as const) {
      await initBackend(backend);
      const env = make<Float32Array, number>('CartPole-v1');
      const agent = createDqn(env.observationSpace, env.actionSpace, CONFIG, 9);
      // Acting until step 150 uses the initial weights (identical: drawn on the host); then one phase of 50 updates.
      await run(agent, 150);
      weights.push((await agent.q.params.data()) as Float32Array);
      agent.dispose();
    }
    expectRelativeClose(weights[0] as Float32Array, weights[1] as Float32Array, 1e-4, 'weights after 50 updates');
  });
});
