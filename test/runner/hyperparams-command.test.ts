import { expect } from 'chai';
import { DQN_DEFAULTS } from '../../src/agents/dqn-config.js';
import { cli } from '../support/run-cli.js';

describe('runner CLI: converge hyperparams', () => {
  it("lists an algorithm's hyperparameters from its config table, and names an unknown algorithm", async () => {
    const dqn = await cli('hyperparams', 'dqn');
    expect(dqn.code).to.equal(0);
    const lines = dqn.out.split('\n').filter((l) => l.startsWith('  '));
    expect(lines).to.have.length(Object.keys(DQN_DEFAULTS).length);
    expect(dqn.out).to.include('  batchSize (default 32; an integer >= 1): transitions per gradient step');
    const ppo = await cli('hyperparams', 'ppo');
    expect(ppo.out).to.include('  learningRate (default 0.0003; a positive number)');
    expect(ppo.out).to.include('  clipRange (default 0.2; a number in [0, 10]): ε of the clipped surrogate');
    const bad = await cli('hyperparams', 'dqnn');
    expect(bad.code).to.not.equal(0);
    expect(bad.err).to.match(/unknown algorithm "dqnn"; known: .*dqn/);
  });
});
