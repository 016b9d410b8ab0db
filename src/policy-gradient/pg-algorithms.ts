import type { Agent, VectorAgent } from '../core/agent.js';
import { describeSchema, int, num, oneOf, resolveSchema, sizes, type RenamedKeys, type Rule, type Schema } from '../core/config-rules.js';
import { Rng } from '../core/rng.js';
import type { Space } from '../core/spaces/space.js';
import { ActorCritic, type ActorCriticOptions } from './actor-critic.js';
import { AdamRule } from './ascent-rule.js';
import { PolicyGradientAgent } from './pg-agent.js';
import { PolyakRule } from './polyak-rule.js';
import { PolyakTwinAgent } from './polyak-twin-agent.js';

/** The policy-gradient algorithms the runner's table can build by name. */
export type PgAlgorithm = 'reinforce' | 'a2c' | 'ppo' | 'polyak-pg';

const pos: Rule = (v) => (typeof v === 'number' && v > 0 && Number.isFinite(v) ? undefined : 'a positive number');
const bool: Rule = (v) => (typeof v === 'boolean' ? undefined : 'true or false');
const optionalNum: Rule = (v) => (v === null || (typeof v === 'number' && Number.isFinite(v)) ? undefined : 'a finite number or null');

const BATCH_PG: Schema = {
  gamma: [0.99, num(0, 1), 'discount'],
  batchSteps: [1000, int(1), 'env steps per update: collection runs to the first episode end at or after this many'],
  estimator: ['return-to-go', oneOf('gpomdp', 'reinforce', 'return-to-go'), "'gpomdp' γ^t(G_t − b_t), 'reinforce' R(τ) − b, 'return-to-go' G_t − b_t"],
  baseline: ['value', oneOf('none', 'mean', 'value'), 'none, a running mean of the returns, or a learned V(s)'],
  standardizeWeights: [true, bool, 'standardize the per-step weights of each batch'],
  entCoef: [0, num(0, 10), 'entropy bonus coefficient'],
  netArch: [[32, 32], sizes(0), 'hidden layer widths of the policy (and value) network (tanh)'],
  valueLearningRate: [3e-3, pos, "the value baseline's Adam step size"],
  valueEpochs: [20, int(1), 'full-batch value-net steps per update'],
};

const ACTOR_CRITIC: Schema = {
  nSteps: [5, int(1), 'steps per env copy between updates'],
  gamma: [0.99, num(0, 1), 'discount'],
  gaeLambda: [1, num(0, 1), "GAE's λ (1: n-step returns)"],
  learningRate: [7e-4, pos, "Adam's step size (one Adam over actor and critic)"],
  learningRateSchedule: ['constant', oneOf('constant', 'linear'), "'linear' decays the learning rate to 0 at totalTimesteps"],
  totalTimesteps: [1_000_000, int(1), 'planned length of training (the linear schedules run over it)'],
  entCoef: [0, num(0, 10), 'entropy bonus coefficient'],
  vfCoef: [0.5, num(0, 100), 'value loss coefficient'],
  maxGradNorm: [0.5, pos, 'the gradient is rescaled to at most this global L2 norm'],
  netArch: [[64, 64], sizes(0), 'hidden layer widths of the actor and the (separate) critic (tanh)'],
};

const SCHEMAS: Readonly<Record<PgAlgorithm, Schema>> = {
  reinforce: { ...BATCH_PG, learningRate: [0.01, pos, "the policy's Adam step size"] },
  a2c: ACTOR_CRITIC,
  ppo: {
    ...ACTOR_CRITIC,
    nSteps: [128, int(1), ACTOR_CRITIC.nSteps![2]],
    learningRate: [3e-4, pos, ACTOR_CRITIC.learningRate![2]],
    gaeLambda: [0.95, num(0, 1), ACTOR_CRITIC.gaeLambda![2]],
    clipRange: [0.2, num(0, 10), 'ε of the clipped surrogate clip(r, 1 − ε, 1 + ε)'],
    clipRangeSchedule: ['constant', oneOf('constant', 'linear'), "'linear' decays the clip ε to 0 at totalTimesteps"],
    nEpochs: [10, int(1), 'passes over each rollout'],
    batchSize: [64, int(1), 'rows per minibatch'],
    clipRangeVf: [null, optionalNum, "clip V − V_old to ±this in the value loss (PPO2's value clipping); null: off"],
  },
  'polyak-pg': {
    ...BATCH_PG,
    estimator: ['gpomdp', oneOf('gpomdp', 'reinforce', 'return-to-go'), BATCH_PG.estimator![2]],
    standardizeWeights: [false, bool, BATCH_PG.standardizeWeights![2]],
    entCoef: [0.01, num(0, 10), BATCH_PG.entCoef![2]],
    batchSteps: [2000, int(1), BATCH_PG.batchSteps![2]],
    vStar: [null, optionalNum, 'the optimal value V* when known; null: estimated by the twin policy'],
    maxStep: [1, pos, 'upper bound of the Polyak step size'],
    c: [0.5, pos, "the Polyak step's constant c"],
    margin: [0.1, num(0, 100), "the twin's V* estimate margin"],
  },
};

/** PPO's hyperparameter table, for agents built on PPO (the Lagrangian PPO). */
export const PPO_SCHEMA: Schema = SCHEMAS.ppo;

/** The actor-critic's options from resolved A2C or PPO hyperparameters. */
export function actorCriticOptions(algo: 'a2c' | 'ppo', h: Readonly<Record<string, never>>): ActorCriticOptions {
  return {
    nSteps: h.nSteps, gamma: h.gamma, gaeLambda: h.gaeLambda, learningRate: h.learningRate, learningRateSchedule: h.learningRateSchedule, totalTimesteps: h.totalTimesteps,
    entCoef: h.entCoef, vfCoef: h.vfCoef, maxGradNorm: h.maxGradNorm, netArch: h.netArch,
    ...(algo === 'ppo'
      ? { ppo: { clipRange: h.clipRange, clipRangeSchedule: h.clipRangeSchedule, nEpochs: h.nEpochs, batchSize: h.batchSize, ...(h.clipRangeVf === null ? {} : { clipRangeVf: h.clipRangeVf }) } }
      : {}),
  };
}

/** One-line summaries for the runner's algorithm table. */
export const PG_SUMMARIES: Readonly<Record<PgAlgorithm, string>> = {
  reinforce: 'REINFORCE with a learned value baseline and Adam (Williams 1992)',
  a2c: 'advantage actor-critic with GAE on vector envs (Mnih et al. 2016)',
  ppo: 'PPO clipped objective with minibatch epochs (Schulman et al. 2017); run CartPole with --n-envs 8',
  'polyak-pg': 'policy gradient with the Polyak step size and twin-policy V* estimate (Li et al. 2024)',
};

/** The algorithms in table order. */
export const PG_ALGORITHMS: readonly PgAlgorithm[] = ['reinforce', 'a2c', 'ppo', 'polyak-pg'];

/** Env copies the actor-critic presets were tuned with (`--n-envs 8`), as RL-Zoo's CartPole PPO. */
export const PRESET_NUM_ENVS = 8;

/**
 * Tuned settings per env id (merged under the user's), for the runner's preset table. PPO on CartPole is RL-Zoo's
 * (8 envs, n_steps 32, batch 256, γ 0.98, λ 0.8, linear lr and clip 0.2 over 1e5 steps) with 6 epochs at lr 3e-3
 * instead of 20 at 1e-3: a tfjs-wasm gradient step costs several times PyTorch's, so we take fewer, larger ones
 * (median 22k steps and 2.5 s to solve over 5 seeds, against 14k steps and 6.4 s with the zoo's values).
 */
export const PG_PRESETS: Readonly<Record<PgAlgorithm, Readonly<Record<string, Readonly<Record<string, unknown>>>>>> = {
  reinforce: { 'CartPole-v1': { learningRate: 0.01, batchSteps: 1000, baseline: 'value', standardizeWeights: true } },
  a2c: { 'CartPole-v1': { nSteps: 5, gamma: 0.99, learningRate: 7e-4 } },
  ppo: {
    'CartPole-v1': {
      nSteps: 32, gamma: 0.98, gaeLambda: 0.8, learningRate: 3e-3, learningRateSchedule: 'linear', totalTimesteps: 100_000,
      clipRange: 0.2, clipRangeSchedule: 'linear', nEpochs: 6, batchSize: 256,
    },
  },
  'polyak-pg': { 'CartPole-v1': { batchSteps: 2000, maxStep: 1 } },
};

/** One help line per hyperparameter of `algo`: default, allowed values, meaning (for `converge hyperparams`). */
export function describePgConfig(algo: PgAlgorithm): string[] {
  return describeSchema(SCHEMAS[algo]);
}

/**
 * Keys of earlier versions, still accepted, and the SB3-style names (shared with DQN) they now go by: PPO's as SB3's
 * PPO (`clip_range`, `n_epochs`, `batch_size` for the minibatch, `clip_range_vf`); schedules as DQN's
 * `learningRateSchedule`.
 */
export const PG_RENAMED_KEYS: RenamedKeys = {
  lr: 'learningRate', hidden: 'netArch', totalSteps: 'totalTimesteps', entropyCoef: 'entCoef', linearLr: 'learningRateSchedule',
  valueLr: 'valueLearningRate', clip: 'clipRange', linearClip: 'clipRangeSchedule', epochs: 'nEpochs', minibatchSize: 'batchSize', clipValue: 'clipRangeVf',
};

/**
 * Validates hyperparameters of a policy-gradient algorithm and fills in defaults; names a bad or unknown key. The
 * old keys of `PG_RENAMED_KEYS` are read as their SB3-style names.
 */
export function resolvePgConfig(algo: PgAlgorithm, hyper: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return resolveSchema(algo, SCHEMAS[algo], hyper, PG_RENAMED_KEYS);
}

/** Builds a policy-gradient agent from resolved hyperparameters (see `resolvePgConfig`). */
export function createPgAgent(
  algo: PgAlgorithm,
  obsSpace: Space<unknown>,
  actSpace: Space<unknown>,
  hyper: Readonly<Record<string, unknown>>,
  seed: number,
): Agent<Float32Array, number | Float32Array> | VectorAgent {
  const h = resolvePgConfig(algo, hyper) as Record<string, never>;
  const rng = new Rng(seed);
  if (algo === 'a2c' || algo === 'ppo') {
    return new ActorCritic(obsSpace, actSpace, rng, actorCriticOptions(algo, h));
  }
  const batch = {
    gamma: h.gamma, batchSteps: h.batchSteps, estimator: h.estimator, baseline: h.baseline,
    standardizeWeights: h.standardizeWeights, entCoef: h.entCoef, netArch: h.netArch, valueLearningRate: h.valueLearningRate, valueEpochs: h.valueEpochs,
  };
  if (algo === 'reinforce') return new PolicyGradientAgent(obsSpace, actSpace, rng, { ...batch, rule: new AdamRule(h.learningRate) });
  const polyak = { maxStep: h.maxStep as number, c: h.c as number };
  if (h.vStar !== null) return new PolicyGradientAgent(obsSpace, actSpace, rng, { ...batch, rule: new PolyakRule({ ...polyak, vStar: h.vStar }) });
  return new PolyakTwinAgent(obsSpace, actSpace, rng, { ...batch, polyak, margin: h.margin });
}
