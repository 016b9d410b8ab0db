import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TabularReinforceAgent } from '../../src/policy-gradient/tabular-reinforce.js';

const step = (obs: number, action: number, reward: number, end: boolean) => ({ obs, action, reward, nextObs: obs, terminated: end, truncated: false, info: {} });

describe('policy-gradient/tabular-reinforce: TabularReinforceAgent', () => {
  it('one episode: θ += α Σ_t γ^t G_t ∇log π(a_t|s_t) (hand-computed)', () => {
    // S = 1, A = 2, γ = ½, α = 1, θ = 0 (π = ½, ½). Episode (a0, r = 1), (a1, r = 2): G_1 = 2, G_0 = 1 + ½·2 = 2.
    // t = 1: γ·G_1 = 1 times (−½, ½); t = 0: G_0 = 2 times (½, −½); θ = (0.5, −0.5).
    const agent = new TabularReinforceAgent({ S: 1, A: 2, gamma: 0.5, lr: 1, seed: 0 });
    agent.observe(step(0, 0, 1, false));
    expect(Array.from(agent.policy.theta)).to.deep.equal([0, 0]);
    agent.observe(step(0, 1, 2, true));
    expect(Array.from(agent.policy.theta)).to.deep.equal([0.5, -0.5]);
    expect(agent.act(0, { explore: false })).to.equal(0);
  });

  it('saves and loads θ, the random stream and a half-finished episode', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reinforce-'));
    try {
      const a = new TabularReinforceAgent({ S: 2, A: 3, gamma: 0.9, seed: 4 });
      a.observe(step(1, 2, 1, true));
      a.observe(step(0, 1, 0.5, false));
      await a.save(dir);
      const b = new TabularReinforceAgent({ S: 2, A: 3, gamma: 0.9, seed: 99 });
      await b.load(dir);
      a.observe(step(1, 0, 1, true));
      b.observe(step(1, 0, 1, true));
      expect(Array.from(b.policy.theta)).to.deep.equal(Array.from(a.policy.theta));
      expect([b.act(0), b.act(1), b.act(0)]).to.deep.equal([a.act(0), a.act(1), a.act(0)]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses bad settings by name', () => {
    expect(() => new TabularReinforceAgent({ S: 1, A: 2, gamma: 1, seed: 0 })).to.throw(/gamma must be in \[0, 1\), got 1/);
    expect(() => new TabularReinforceAgent({ S: 1, A: 2, gamma: 0, lr: -1, seed: 0 })).to.throw(/lr must be a positive finite number, got -1/);
  });
});
