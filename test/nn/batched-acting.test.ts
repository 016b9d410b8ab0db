import { expect } from 'chai';
import { createDqn } from '../../src/agents/dqn.js';
import { initBackend } from '../../src/core/backend.js';
import { Rng } from '../../src/core/rng.js';
import { make } from '../../src/envs/registry.js';
import { Mlp } from '../../src/nn/mlp.js';
import { ActorCritic } from '../../src/policy-gradient/actor-critic.js';

/** Calls of `Mlp.forwardHost` and the rows they served while `f` runs. */
function countForwards(f: () => void): { calls: number; rows: number } {
  const original = Mlp.prototype.forwardHost;
  const seen = { calls: 0, rows: 0 };
  Mlp.prototype.forwardHost = function (this: Mlp, ...args: Parameters<Mlp['forwardHost']>) {
    seen.calls++;
    seen.rows += args[1];
    return original.apply(this, args);
  };
  try {
    f();
  } finally {
    Mlp.prototype.forwardHost = original;
  }
  return seen;
}

describe('nn: batched acting', () => {
  before(async () => {
    await initBackend();
  });

  it('serves 64 env copies with one forward pass per step (DQN, PPO; exploring and greedy)', () => {
    const env = make('CartPole-v1');
    const obs = Float32Array.from({ length: 64 * 4 }, (_, i) => Math.sin(i) * 0.1);
    const dqn = createDqn(env.observationSpace, env.actionSpace, { netArch: [16] }, 0);
    const ppo = new ActorCritic(env.observationSpace, env.actionSpace, new Rng(0), { netArch: [16] });
    for (const agent of [dqn, ppo]) {
      for (const explore of [true, false]) {
        let actions: Float32Array | Int32Array = new Int32Array(0);
        const seen = countForwards(() => (actions = agent.actBatch(obs, 64, { explore })));
        expect(seen).to.deep.equal({ calls: 1, rows: 64 });
        expect(actions.length).to.equal(64);
      }
    }
    // Greedy actions of the batch equal those of each row alone.
    const batch = Array.from(dqn.actBatch(obs, 64, { explore: false }));
    const single = Array.from({ length: 64 }, (_, i) => dqn.act(obs.subarray(4 * i, 4 * i + 4), { explore: false }));
    expect(batch).to.deep.equal(single);
    dqn.dispose();
    ppo.dispose();
  });
});
