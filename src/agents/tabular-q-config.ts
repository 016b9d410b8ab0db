import { int, num, oneOf, resolveSchema, type Rule, type Schema } from '../core/config-rules.js';
import { InvalidArgumentError } from '../core/errors.js';
import { discreteSize, type Space } from '../core/spaces/index.js';
import { TabularQAgent } from './tabular-q.js';

const discount: Rule = (v) => (typeof v === 'number' && v >= 0 && v < 1 ? undefined : 'a number in [0, 1)');
const optionalInt: Rule = (v) => (v === null || int(1)(v) === undefined ? undefined : 'null or an integer >= 1');

/**
 * Hyperparameters of tabular Q-learning for the runner, with defaults: ε-greedy exploration, a polynomial step size
 * n^-ω per state-action pair (or a constant α), and optional replay of stored transitions every `replayEvery` steps.
 */
const TABULAR_Q: Schema = {
  gamma: [0.99, discount],
  epsilon: [0.1, num(0, 1)],
  stepSize: ['polynomial', oneOf('polynomial', 'constant')],
  omega: [0.8, num(0, 1, true)],
  alpha: [0.1, num(0, 1, true)],
  initialQ: [0, num(-1e9, 1e9)],
  replayEvery: [null, optionalInt],
  replayUpdates: [10, int(0)],
  replayCapacity: [100_000, int(1)],
};

/** Validates tabular Q-learning's hyperparameters and fills in defaults; names a bad or unknown key. */
export function resolveTabularQConfig(hyper: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return resolveSchema('q-learning', TABULAR_Q, hyper);
}

/** A tabular Q-learning agent for a Discrete observation space and a Discrete action space (the runner's entry point). */
export function createTabularQ(observationSpace: Space<unknown>, actionSpace: Space<unknown>, hyper: Readonly<Record<string, unknown>>, seed: number): TabularQAgent {
  const sizes = { observation: discreteSize(observationSpace), action: discreteSize(actionSpace) };
  for (const [role, space] of [['observation', observationSpace], ['action', actionSpace]] as const) {
    if (sizes[role] === undefined) throw new InvalidArgumentError(`q-learning: the ${role} space must be Discrete(n) starting at 0, got ${String(space)}`);
  }
  const h = resolveTabularQConfig(hyper);
  const replayEvery = h.replayEvery as number | null;
  return new TabularQAgent({
    S: sizes.observation as number,
    A: sizes.action as number,
    gamma: h.gamma as number,
    epsilon: h.epsilon as number,
    stepSize: h.stepSize === 'constant' ? { kind: 'constant', alpha: h.alpha as number } : { kind: 'polynomial', omega: h.omega as number },
    initialQ: h.initialQ as number,
    ...(replayEvery !== null && { replay: { every: replayEvery, updates: h.replayUpdates as number, capacity: h.replayCapacity as number } }),
    seed,
  });
}
