import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { lastValueFrom } from 'rxjs';
import type { Agent } from '../../src/core/agent.js';
import { type BackendName, initBackend } from '../../src/core/backend.js';
import { Rng } from '../../src/core/rng.js';
import { make } from '../../src/envs/registry.js';
import { AdamRule, type AscentRule } from '../../src/policy-gradient/ascent-rule.js';
import { BatchOracle } from '../../src/policy-gradient/batch-oracle.js';
import { CategoricalPolicy } from '../../src/policy-gradient/categorical-policy.js';
import { GaussianPolicy } from '../../src/policy-gradient/gaussian-policy.js';
import { HarpgRule } from '../../src/policy-gradient/harpg.js';
import { NpgIgtRule } from '../../src/policy-gradient/npg-igt.js';
import { getFlat, setFlat } from '../../src/policy-gradient/params.js';
import { createPgAgent } from '../../src/policy-gradient/pg-algorithms.js';
import { PolicyGradientAgent, type PolicyGradientOptions } from '../../src/policy-gradient/pg-agent.js';
import type { Policy } from '../../src/policy-gradient/policy.js';
import { interact } from '../../src/runner/interact.js';
import { countReads, expectRelativeClose, useDeviceBackends } from '../support/device.js';

type Learner = Agent<Float32Array, number | Float32Array> & { dispose(): void };

/** 200-step batches: 400 steps make 2 updates (3 for the twins' alternating batches: each counts its own). */
const BATCH = 200;

/**
 * Reads per update, after an agent's first (which also reads its sample point): the gradient, with the surrogate's
 * value (the acting copy of the new weights is known on the host); a value baseline's loss with its weights (the
 * baseline's host copy); N-HARPG's Hessian-vector product, three log-probability reads and two gradients.
 */
const READS = { plain: 1, critic: 2, harpg: 6 };

/** The batch agents of the issue, each on the env it fits, built fresh for a seed. */
const AGENTS: readonly { readonly name: string; readonly env: string; readonly reads: number; readonly build: (env: ReturnType<typeof make>, seed: number) => Learner }[] = [
  { name: 'REINFORCE (value baseline)', env: 'CartPole-v1', reads: READS.critic, build: (e, s) => pg(e, s, () => new AdamRule(0.01), { baseline: 'value', valueEpochs: 3 }) },
  { name: 'REINFORCE, Gaussian policy', env: 'Pendulum-v1', reads: READS.critic, build: (e, s) => pg(e, s, () => new AdamRule(0.01), { baseline: 'value', valueEpochs: 3 }) },
  { name: 'N-PG-IGT', env: 'CartPole-v1', reads: READS.plain, build: (e, s) => pg(e, s, () => new NpgIgtRule({ gamma0: 0.1 }), {}) },
  { name: 'N-HARPG', env: 'CartPole-v1', reads: READS.harpg, build: (e, s) => pg(e, s, (rng) => new HarpgRule(rng, { gamma0: 0.1 }), { entCoef: 0.01 }) },
  {
    name: 'Polyak-PG (twins)',
    env: 'CartPole-v1',
    reads: READS.critic,
    build: (e, s) => createPgAgent('polyak-pg', e.observationSpace, e.actionSpace, { netArch: [16], batchSteps: BATCH, valueEpochs: 3 }, s) as Learner,
  },
];

function pg(env: ReturnType<typeof make>, seed: number, rule: (rng: Rng) => AscentRule, opts: Partial<PolicyGradientOptions>): PolicyGradientAgent {
  const rng = new Rng(seed);
  return new PolicyGradientAgent(env.observationSpace, env.actionSpace, rng, { rule: rule(rng.fork()), batchSteps: BATCH, netArch: [16], ...opts });
}

/** Trains through the runner's loop for `steps` env steps (episodes capped at 100); resolves to the updates so far (both twins'). */
async function train(agent: Learner, envId: string, steps: number, seed: number): Promise<number> {
  const env = make<Float32Array, number | Float32Array>(envId, {}, { maxEpisodeSteps: 100 });
  await lastValueFrom(interact(env, agent, { seed, steps }));
  const agents = 'twins' in agent ? (agent as unknown as { twins: PolicyGradientAgent[] }).twins : [agent as unknown as PolicyGradientAgent];
  return agents.reduce((s, a) => s + a.updates, 0);
}

/** A small fixed batch of one-step-apart rows for an oracle: observations, actions and weights from `rng`. */
function batchFor(policy: Policy, rng: Rng, rows: number, discrete: boolean) {
  const obs = Float32Array.from({ length: rows * policy.obsDim }, () => rng.normal());
  const actions = discrete ? Int32Array.from({ length: rows }, () => rng.integer(0, 2)) : Float32Array.from({ length: rows * policy.actDim }, () => rng.normal());
  const episode = Int32Array.from({ length: rows }, (_, i) => Math.floor(i / 10));
  return { obs, actions, episode, numEpisodes: Math.ceil(rows / 10), weights: Float64Array.from({ length: rows }, () => rng.normal()), value: 1 };
}

describe('policy-gradient: REINFORCE, Polyak, N-PG-IGT and N-HARPG on the device', function () {
  const backends = useDeviceBackends();

  it('read nothing synchronously while acting and training, a fixed few asynchronous reads per update (tensor count flat)', async function () {
    this.timeout(300_000);
    for (const backend of backends) {
      await initBackend(backend);
      for (const a of AGENTS) {
        const agent = a.build(make(a.env), 3);
        // Updates first (each twin's too): an agent's first reads its sample point, and HARPG's Hessian-vector product
        // starts at the second.
        const before = await train(agent, a.env, 3 * BATCH, 1);
        const tensors = tf.memory().numTensors;
        const { counts, restore } = countReads(backend);
        let updates: number;
        try {
          updates = (await train(agent, a.env, 2 * BATCH, 2)) - before;
        } finally {
          restore();
        }
        const what = `${backend}, ${a.name}`;
        expect(updates, `${what}: updates`).to.be.at.least(1);
        expect(counts.readSync, `${what}: synchronous reads`).to.equal(0);
        expect(counts.read, `${what}: asynchronous reads over ${updates} updates`).to.equal(a.reads * updates);
        expect(tf.memory().numTensors, `${what}: tensors`).to.equal(tensors);
        agent.dispose();
      }
    }
  });

  it('take their first update on webgpu as on cpu, to 1e-4 relative', async function () {
    if (!backends.includes('webgpu')) this.skip();
    this.timeout(300_000);
    for (const a of AGENTS.filter((x) => !x.name.startsWith('Polyak'))) {
      const weights: Float64Array[] = [];
      for (const backend of ['cpu', 'webgpu'] as BackendName[]) {
        await initBackend(backend);
        const agent = a.build(make(a.env), 5) as PolicyGradientAgent;
        // Acting until the first update uses the initial weights (identical: drawn on the host).
        await train(agent, a.env, BATCH + 100, 1);
        expect(agent.updates, `${backend}, ${a.name}`).to.equal(1);
        weights.push(await agent.parameters());
        agent.dispose();
      }
      expectRelativeClose(Float32Array.from(weights[0] as Float64Array), Float32Array.from(weights[1] as Float64Array), 1e-4, `${a.name}: θ after one update`);
    }
  });

  it("measure the oracle's gradient and Hessian-vector product on webgpu as on cpu (categorical and Gaussian)", async function () {
    if (!backends.includes('webgpu')) this.skip();
    this.timeout(120_000);
    for (const discrete of [true, false]) {
      const out: Float32Array[] = [];
      for (const backend of ['cpu', 'webgpu'] as BackendName[]) {
        await initBackend(backend);
        const rng = new Rng(8);
        const policy: Policy = discrete ? new CategoricalPolicy(4, 2, rng.fork(), { netArch: [8] }) : new GaussianPolicy(3, 1, rng.fork(), { netArch: [8] });
        const theta = await getFlat(policy.variables);
        // Away from the near-uniform initial policy, so the Hessian is not negligible.
        setFlat(policy.variables, theta.map((x, i) => x + 0.3 * Math.sin(i)));
        const point = await getFlat(policy.variables);
        const oracle = await BatchOracle.measure(policy, batchFor(policy, rng, 40, discrete), point, 0.01);
        const hv = await oracle.hessianVector(point.map((_, i) => Math.cos(3 * i)));
        out.push(Float32Array.from(oracle.gradient), Float32Array.from(hv));
        policy.dispose();
      }
      const kind = discrete ? 'categorical' : 'Gaussian';
      expectRelativeClose(out[0] as Float32Array, out[2] as Float32Array, 1e-4, `${kind}: gradient`);
      expectRelativeClose(out[1] as Float32Array, out[3] as Float32Array, 1e-4, `${kind}: Hessian-vector product`);
    }
  });
});
