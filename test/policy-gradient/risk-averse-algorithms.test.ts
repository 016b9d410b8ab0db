import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { Box } from '../../src/core/spaces/box.js';
import { Discrete } from '../../src/core/spaces/discrete.js';
import type { RiskAverseActorCritic } from '../../src/policy-gradient/risk-averse-agents.js';
import { createRiskAverseAgent, resolveRiskAverseConfig } from '../../src/policy-gradient/risk-averse-algorithms.js';
import { main, type CliIO } from '../../src/runner/cli.js';

describe('policy-gradient/risk-averse-algorithms: converge train --algo risk-averse-*', () => {
  it('fills defaults and rejects unknown or bad settings, naming them', () => {
    expect(resolveRiskAverseConfig('risk-averse-ac', { etaGrid: [0, 1] })).to.include({ alpha: 0.1, lambda: 0.5, gamma: 0.99, parameterisation: 'softmax' });
    expect(() => resolveRiskAverseConfig('risk-averse-ac', { etaGrid: [0], parameterisation: 'natural' })).to.throw(InvalidArgumentError, /parameterisation is "natural"; it must be one of "softmax", "direct"/);
    expect(() => resolveRiskAverseConfig('risk-averse-ac', { etaGrid: [0], learningRate: -1 })).to.throw(InvalidArgumentError, /learningRate is -1; it must be unset or a number in \(0, Infinity\]/);
    // The actor step defaults per parameterisation (0.1 softmax, 0.01 direct) unless set.
    const agentOf = (hyper: Record<string, unknown>) => createRiskAverseAgent('risk-averse-ac', new Discrete(3), new Discrete(2), { etaGrid: [0, 1], ...hyper }, 0) as RiskAverseActorCritic;
    expect(agentOf({}).learningRate).to.equal(0.1);
    expect(agentOf({ parameterisation: 'direct' })).to.include({ learningRate: 0.01, parameterisation: 'direct' });
    expect(agentOf({ parameterisation: 'direct', learningRate: 0.05 }).learningRate).to.equal(0.05);
    expect(() => resolveRiskAverseConfig('risk-averse-ac', {})).to.throw(InvalidArgumentError, /etaGrid is undefined; it must be a non-empty array/);
    expect(() => resolveRiskAverseConfig('risk-averse-reinforce', { etaGrid: [0], alpha: 0 })).to.throw(InvalidArgumentError, /alpha is 0; it must be a number in \(0, 1\]/);
    expect(() => resolveRiskAverseConfig('risk-averse-reinforce', { etaGrid: [0], beta: 1 })).to.throw(InvalidArgumentError, /unknown hyperparameter "beta"/);
    expect(() => createRiskAverseAgent('risk-averse-ac', new Box(-1, 1, [2]), new Discrete(2), { etaGrid: [0] }, 0)).to.throw(InvalidArgumentError, /needs Discrete observation and action spaces/);
  });

  it('trains on CliffWalking-v0 from the command line with the preset η grid', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'risk-averse-cli-'));
    try {
      let err = '';
      const io: CliIO = { out: () => undefined, err: (t) => void (err += t), interactive: false };
      const code = await main(['train', '--env', 'CliffWalking-v0', '--algo', 'risk-averse-ac', '--steps', '2000', '--out', dir, '--name', 'ac', '--no-progress'], io);
      expect(err).to.equal('');
      expect(code).to.equal(0);
      const direct = await main(['train', '--env', 'CliffWalking-v0', '--algo', 'risk-averse-reinforce', '--hyperparams', 'parameterisation=direct', '--steps', '2000', '--out', dir, '--name', 'direct', '--no-progress'], io);
      expect(err).to.equal('');
      expect(direct).to.equal(0);
      let help = '';
      expect(await main(['hyperparams', 'risk-averse-ac'], { ...io, out: (t) => void (help += t) })).to.equal(0);
      expect(help).to.match(/parameterisation \(default "softmax"; one of "softmax", "direct"\)/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
