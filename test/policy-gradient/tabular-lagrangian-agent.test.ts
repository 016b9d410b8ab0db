import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Box, Discrete } from '../../src/core/spaces/index.js';
import { banditCmdp, twoStateCmdp, type TabularCMDP } from '../../src/envs/constrained/index.js';
import { createLagrangianAgent } from '../../src/policy-gradient/lagrangian-algorithms.js';
import { TabularLagrangianAgent, type TabularLagrangianAgentOptions } from '../../src/policy-gradient/tabular-lagrangian-agent.js';

/** Runs `agent` on `env` for `steps` steps; returns π(a=0|s=0) after each iteration. */
function train(agent: TabularLagrangianAgent, env: TabularCMDP, steps: number, seed: number): number[] {
  const p: number[] = [];
  let s = env.reset({ seed }).observation;
  for (let t = 0; t < steps; t++) {
    const a = agent.act(s);
    const r = env.step(a);
    if (agent.observe({ obs: s, action: a, reward: r.reward, nextObs: r.observation, terminated: r.terminated, truncated: r.truncated, info: r.info })) p.push(agent.policy[0] as number);
    s = r.terminated || r.truncated ? env.reset().observation : r.observation;
  }
  return p;
}

const banditAgent = (rule: 'reload' | 'gda', extra: Partial<TabularLagrangianAgentOptions> = {}) =>
  new TabularLagrangianAgent({ S: 1, A: 2, constraints: banditCmdp().constraints, rule, gamma: 0, updateEvery: 100, seed: 1, ...extra });

describe('policy-gradient/tabular-lagrangian-agent: online ReLOAD and GDA from env samples', () => {
  it('on the bandit CMDP, ReLOAD settles near π* = (0.5, 0.5), μ* = 1 while GDA keeps cycling', () => {
    const reload = banditAgent('reload');
    const gda = banditAgent('gda');
    train(reload, banditCmdp(), 100_000, 1);
    const p = train(gda, banditCmdp(), 100_000, 1);
    expect(reload.policy[0]).to.be.closeTo(0.5, 0.1);
    // μ follows the noisy episode costs (100 per iteration): only roughly at μ* = 1.
    expect(reload.mu[0]).to.be.closeTo(1, 0.5);
    const tail = p.slice(Math.floor(p.length * 0.9));
    expect(Math.max(...tail) - Math.min(...tail)).to.be.greaterThan(0.3);
  });

  it('save and load continue a run exactly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lagrangian-'));
    try {
      const make = () => new TabularLagrangianAgent({ S: 2, A: 2, constraints: twoStateCmdp().constraints, rule: 'reload', gamma: 0.9, updateEvery: 50, seed: 3 });
      const a = make();
      const env = twoStateCmdp({ horizon: 30 });
      train(a, env, 1_025, 5);
      await a.save(dir);
      const b = make();
      await b.load(dir);
      expect(Array.from(b.theta)).to.deep.equal(Array.from(a.theta));
      // The same transitions from here on give the same updates (the env streams are forked copies).
      const envA = twoStateCmdp({ horizon: 30 });
      const envB = twoStateCmdp({ horizon: 30 });
      train(a, envA, 500, 9);
      train(b, envB, 500, 9);
      expect(Array.from(b.theta)).to.deep.equal(Array.from(a.theta));
      expect(Array.from(b.mu)).to.deep.equal(Array.from(a.mu));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a step without valid costs is an error naming the step', () => {
    const agent = banditAgent('gda');
    expect(() => agent.observe({ obs: 0, action: 0, reward: 1, nextObs: 0, terminated: false, truncated: true, info: {} })).to.throw(/observe at step 0: info\.costs is missing/);
  });

  it('the runner factory needs a tabular env with constraints, and checks hyperparameters', () => {
    const c = banditCmdp().constraints;
    expect(() => createLagrangianAgent('reload', new Box(0, 1, [2]), new Discrete(2), c, {}, 0)).to.throw(/reload: needs Discrete observations and actions/);
    expect(() => createLagrangianAgent('reload', new Discrete(2), new Discrete(2), undefined, {}, 0)).to.throw(/reload: needs a ConstrainedEnv/);
    expect(() => createLagrangianAgent('lagrangian-gda', new Discrete(2), new Discrete(2), c, { stepSize: 0 }, 0)).to.throw(/lagrangian-gda: stepSize is 0; it must be a number in \(0/);
    expect(() => createLagrangianAgent('reload', new Discrete(2), new Discrete(2), c, { lr: 1 }, 0)).to.throw(/unknown hyperparameter "lr"/);
    expect(createLagrangianAgent('reload', new Discrete(3), new Discrete(2), c, { updateEvery: 10 }, 0).S).to.equal(3);
  });
});
