import type { DqnConfig } from '../dqn-config.js';

/**
 * Tuned DQN settings per environment id, for tfjs on the wasm backend: small networks and few gradient steps per
 * env step, since each tfjs op costs tens of microseconds whatever its size. `totalTimesteps` is the budget each
 * was tuned for.
 */
export const DQN_PRESETS: Readonly<Record<string, Partial<DqnConfig>>> = {
  // SB3 zoo's CartPole settings with a [64, 64] network (a gradient step costs ~1.3 ms on tfjs-wasm, [256, 256] ~10x
  // more), bursts of 64 gradient steps every 128 env steps, 35k steps, and three changes that keep the greedy policy
  // from collapsing after it first solves: Double DQN targets, γ = 0.98, a learning rate decaying to 0 over the budget.
  'CartPole-v1': {
    netArch: [64, 64],
    learningRate: 2.3e-3,
    learningRateSchedule: 'linear',
    batchSize: 64,
    bufferSize: 100_000,
    learningStarts: 1000,
    gamma: 0.98,
    targetUpdateInterval: 10,
    trainFreq: 128,
    gradientSteps: 64,
    doubleDqn: true,
    explorationFraction: 0.16,
    explorationFinalEps: 0.04,
    totalTimesteps: 35_000,
  },
  // From SB3 zoo's tuned settings ([256, 256], 4 gradient steps per 4 env steps), narrowed and thinned for tfjs-wasm.
  'Acrobot-v1': {
    netArch: [64, 64],
    learningRate: 6.3e-4,
    batchSize: 128,
    bufferSize: 50_000,
    learningStarts: 1000,
    gamma: 0.99,
    targetUpdateInterval: 250,
    trainFreq: 4,
    gradientSteps: 1,
    explorationFraction: 0.12,
    explorationFinalEps: 0.1,
    totalTimesteps: 100_000,
  },
  // SB3 zoo's tuned settings with a [64, 64] network.
  'MountainCar-v0': {
    netArch: [64, 64],
    learningRate: 4e-3,
    batchSize: 128,
    bufferSize: 10_000,
    learningStarts: 1000,
    gamma: 0.98,
    targetUpdateInterval: 600,
    trainFreq: 16,
    gradientSteps: 8,
    explorationFraction: 0.2,
    explorationFinalEps: 0.07,
    totalTimesteps: 120_000,
  },
};
