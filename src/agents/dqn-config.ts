import { defaultsOf, int, num, oneOf, resolveSchema, sizes, type Rule } from '../core/config-rules.js';
import { InvalidArgumentError, describeValue } from '../core/errors.js';

/** Which replay storage DQN uses: typed-array ring, tensor-resident ring, or proportional prioritized. */
export type ReplayKind = 'ring' | 'tensor' | 'prioritized';

/** Hyperparameters of `Dqn`; `DQN_SCHEMA` gives each one's default, allowed values and meaning. */
export interface DqnConfig {
  readonly netArch: readonly number[];
  readonly learningRate: number;
  readonly learningRateSchedule: 'constant' | 'linear';
  readonly bufferSize: number;
  readonly learningStarts: number;
  readonly batchSize: number;
  readonly gamma: number;
  readonly tau: number;
  readonly targetUpdateInterval: number;
  readonly trainFreq: number;
  readonly gradientSteps: number;
  readonly explorationFraction: number;
  readonly explorationInitialEps: number;
  readonly explorationFinalEps: number;
  readonly totalTimesteps: number;
  readonly maxGradNorm: number;
  readonly loss: 'huber' | 'mse';
  readonly doubleDqn: boolean;
  readonly replay: ReplayKind;
  readonly nStep: number;
  readonly prioritizedAlpha: number;
  readonly prioritizedBeta0: number;
  readonly prioritizedEps: number;
}

/**
 * Every setting's default, rule and help: Stable-Baselines3's DQN defaults, except a 1e5 buffer and learning starting
 * after 1000 steps.
 */
export const DQN_SCHEMA: { readonly [K in keyof DqnConfig]: readonly [DqnConfig[K], Rule, string] } = {
  netArch: [[64, 64], sizes(1), 'hidden layer widths of the Q-network (ReLU)'],
  learningRate: [1e-4, num(0, 1, true), "Adam's step size"],
  learningRateSchedule: ['constant', oneOf('constant', 'linear'), "'linear' decays the learning rate to 0 at totalTimesteps (SB3 zoo's lin_ values)"],
  bufferSize: [100_000, int(1), 'replay capacity in transitions'],
  learningStarts: [1000, int(0), 'env steps of experience collected before the first update'],
  batchSize: [32, int(1), 'transitions per gradient step'],
  gamma: [0.99, num(0, 1), 'discount'],
  tau: [1, num(0, 1, true), 'target update coefficient (1 = hard copy, < 1 = Polyak averaging)'],
  targetUpdateInterval: [10_000, int(1), 'env steps between target updates'],
  trainFreq: [4, int(1), 'env steps between training phases'],
  gradientSteps: [1, int(0), 'updates per training phase'],
  explorationFraction: [0.1, num(0, 1), 'fraction of totalTimesteps over which ε falls linearly'],
  explorationInitialEps: [1, num(0, 1), 'ε at the start'],
  explorationFinalEps: [0.05, num(0, 1), 'ε after the exploration fraction'],
  totalTimesteps: [100_000, int(1), 'planned length of training (sets the ε, β and learning-rate schedules; training may run longer)'],
  maxGradNorm: [10, num(0, Infinity, true), 'the gradient is rescaled to at most this global L2 norm'],
  loss: ['huber', oneOf('huber', 'mse'), "'huber' (δ = 1) or 'mse'"],
  doubleDqn: [false, oneOf(true, false), 'use Double DQN targets'],
  replay: ['ring', oneOf('ring', 'tensor', 'prioritized'), "'ring' (typed arrays), 'tensor' (storage, sampling and update on the device) or 'prioritized'"],
  nStep: [1, int(1), 'n-step returns (n > 1 wraps the buffer in NStepReplayBuffer)'],
  prioritizedAlpha: [0.6, num(0, 1), "prioritized replay's priority exponent"],
  prioritizedBeta0: [0.4, num(0, 1), 'initial importance exponent, annealed to 1 over totalTimesteps'],
  prioritizedEps: [1e-6, num(0, 1, true), 'priority floor'],
};

/** The defaults of `DQN_SCHEMA`. */
export const DQN_DEFAULTS = defaultsOf(DQN_SCHEMA) as unknown as DqnConfig;

/** The defaults overridden by `overrides`, validated: an unknown key or a bad value throws `InvalidArgumentError`. */
export function resolveDqnConfig(overrides: Partial<DqnConfig> | Record<string, unknown> = {}): DqnConfig {
  const config = resolveSchema('DQN config', DQN_SCHEMA, overrides as Record<string, unknown>);
  if (config.replay === 'tensor' && config.nStep !== 1) {
    throw new InvalidArgumentError(`DQN config: nStep must be 1 with replay "tensor" (n-step returns use a typed-array buffer), got ${describeValue(config.nStep)}`);
  }
  return config as unknown as DqnConfig;
}
