import { int, num, oneOf, sizes, type Rule } from '../core/config-rules.js';
import { InvalidArgumentError, describeValue } from '../core/errors.js';

/** Which replay storage DQN uses: typed-array ring, tensor-resident ring, or proportional prioritized. */
export type ReplayKind = 'ring' | 'tensor' | 'prioritized';

/** Hyperparameters of `Dqn`; see `DQN_DEFAULTS` for the default of each and `Dqn`'s constructor for meanings. */
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

/** Defaults: Stable-Baselines3's DQN defaults, except a 1e5 buffer and learning starting after 1000 steps. */
export const DQN_DEFAULTS: DqnConfig = {
  netArch: [64, 64],
  learningRate: 1e-4,
  learningRateSchedule: 'constant',
  bufferSize: 100_000,
  learningStarts: 1000,
  batchSize: 32,
  gamma: 0.99,
  tau: 1,
  targetUpdateInterval: 10_000,
  trainFreq: 4,
  gradientSteps: 1,
  explorationFraction: 0.1,
  explorationInitialEps: 1,
  explorationFinalEps: 0.05,
  totalTimesteps: 100_000,
  maxGradNorm: 10,
  loss: 'huber',
  doubleDqn: false,
  replay: 'ring',
  nStep: 1,
  prioritizedAlpha: 0.6,
  prioritizedBeta0: 0.4,
  prioritizedEps: 1e-6,
};


const RULES: { readonly [K in keyof DqnConfig]: Rule } = {
  netArch: sizes(1),
  learningRate: num(0, 1, true),
  learningRateSchedule: oneOf('constant', 'linear'),
  bufferSize: int(1),
  learningStarts: int(0),
  batchSize: int(1),
  gamma: num(0, 1),
  tau: num(0, 1, true),
  targetUpdateInterval: int(1),
  trainFreq: int(1),
  gradientSteps: int(0),
  explorationFraction: num(0, 1),
  explorationInitialEps: num(0, 1),
  explorationFinalEps: num(0, 1),
  totalTimesteps: int(1),
  maxGradNorm: num(0, Infinity, true),
  loss: oneOf('huber', 'mse'),
  doubleDqn: oneOf(true, false),
  replay: oneOf('ring', 'tensor', 'prioritized'),
  nStep: int(1),
  prioritizedAlpha: num(0, 1),
  prioritizedBeta0: num(0, 1),
  prioritizedEps: num(0, 1, true),
};

/** The defaults overridden by `overrides`, validated: an unknown key or a bad value throws `InvalidArgumentError`. */
export function resolveDqnConfig(overrides: Partial<DqnConfig> | Record<string, unknown> = {}): DqnConfig {
  const config = { ...DQN_DEFAULTS, ...overrides } as Record<string, unknown>;
  for (const key of Object.keys(overrides)) {
    if (!(key in RULES)) throw new InvalidArgumentError(`DQN config: unknown key ${JSON.stringify(key)}; allowed: ${Object.keys(RULES).join(', ')}`);
  }
  for (const [key, rule] of Object.entries(RULES)) {
    const why = rule(config[key]);
    if (why !== undefined) throw new InvalidArgumentError(`DQN config: ${key} must be ${why}, got ${describeValue(config[key])}`);
  }
  if (config.replay === 'tensor' && config.nStep !== 1) {
    throw new InvalidArgumentError(`DQN config: nStep must be 1 with replay "tensor" (n-step returns use a typed-array buffer), got ${describeValue(config.nStep)}`);
  }
  return config as unknown as DqnConfig;
}
