import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { DQN_DEFAULTS, DQN_SCHEMA, resolveDqnConfig } from '../../src/agents/dqn-config.js';
import { dqnTargets } from '../../src/agents/dqn-targets.js';
import { createDqn } from '../../src/agents/dqn.js';
import { initBackend } from '../../src/core/backend.js';
import { describeSchema } from '../../src/core/config-rules.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { Box, Discrete } from '../../src/core/spaces/index.js';

describe('dqnTargets', () => {
  before(async () => {
    await initBackend();
  });

  // Three transitions: an ordinary step, a terminal step, and a time-limit truncation (terminated = 0).
  const rewards = [1, 2, 0.5];
  const terminated = [0, 1, 0];
  const nextQTarget = [
    [3, 5],
    [10, 20],
    [4, -1],
  ];
  const nextQOnline = [
    [9, 1],
    [0, 7],
    [-2, 6],
  ];

  const run = (double: boolean, discounts: number | number[]) =>
    tf.tidy(() =>
      Array.from(
        dqnTargets({
          rewards: tf.tensor1d(rewards),
          terminated: tf.tensor1d(terminated),
          discounts: typeof discounts === 'number' ? discounts : tf.tensor1d(discounts),
          nextQTarget: tf.tensor2d(nextQTarget),
          ...(double ? { nextQOnline: tf.tensor2d(nextQOnline) } : {}),
        }).dataSync(),
      ),
    );

  it('bootstraps from the max target value, not past a terminal state, and through a truncation', () => {
    // 1 + 0.9 * 5; 2 (terminal); 0.5 + 0.9 * 4 (truncated still bootstraps).
    const y = run(false, 0.9);
    expect(y[0]).to.be.closeTo(5.5, 1e-6);
    expect(y[1]).to.be.closeTo(2, 1e-6);
    expect(y[2]).to.be.closeTo(4.1, 1e-6);
  });

  it('Double DQN evaluates the online argmax with the target network', () => {
    // Online argmax: 0, 1, 1 -> target values 3, (terminal), -1.
    const y = run(true, 0.9);
    expect(y[0]).to.be.closeTo(1 + 0.9 * 3, 1e-6);
    expect(y[1]).to.be.closeTo(2, 1e-6);
    expect(y[2]).to.be.closeTo(0.5 - 0.9, 1e-6);
  });

  it('uses per-row discounts for n-step returns', () => {
    const y = run(false, [0.81, 0.9, 0.729]);
    expect(y[0]).to.be.closeTo(1 + 0.81 * 5, 1e-6);
    expect(y[2]).to.be.closeTo(0.5 + 0.729 * 4, 1e-6);
  });
});

describe('DQN config', () => {
  it('rejects unknown keys and bad values with the name, value and allowed range', () => {
    expect(() => resolveDqnConfig({ learningRate: -1 })).to.throw(InvalidArgumentError, /DQN config: learningRate is -1; it must be a number in \(0, 1\]/);
    expect(() => resolveDqnConfig({ gamma: Number.NaN })).to.throw(InvalidArgumentError, /gamma is NaN; it must be a number in \[0, 1\]/);
    expect(() => resolveDqnConfig({ netArch: [64, 0] })).to.throw(InvalidArgumentError, /netArch is .*; it must be a non-empty array of positive integers/);
    expect(() => resolveDqnConfig({ loss: 'l1' } as never)).to.throw(InvalidArgumentError, /loss is "l1"; it must be one of "huber", "mse"/);
    expect(() => resolveDqnConfig({ learningrate: 1e-3 })).to.throw(InvalidArgumentError, /unknown hyperparameter "learningrate"/);
    expect(() => resolveDqnConfig({ replay: 'tensor', nStep: 3 })).to.throw(InvalidArgumentError, /nStep must be 1 with replay "tensor"/);
    expect(resolveDqnConfig({ batchSize: 128 }).batchSize).to.equal(128);
  });

  it('describes every setting from the same table: default, allowed values, help', () => {
    const lines = describeSchema(DQN_SCHEMA);
    expect(lines).to.have.length(Object.keys(DQN_DEFAULTS).length);
    expect(lines).to.include('learningRate (default 0.0001; a number in (0, 1]): Adam\'s step size');
    expect(lines).to.include('netArch (default [64,64]; a non-empty array of positive integers): hidden layer widths of the Q-network (ReLU)');
  });

  it('createDqn accepts a 1-D Box and Discrete(n) and rejects other spaces', () => {
    expect(() => createDqn(new Discrete(3), new Discrete(2))).to.throw(InvalidArgumentError, /observation space must be a 1-D Box, got Discrete\(3\)/);
    expect(() => createDqn(new Box(-1, 1, [2]), new Box(-1, 1, [1]))).to.throw(InvalidArgumentError, /action space must be Discrete/);
  });
});
