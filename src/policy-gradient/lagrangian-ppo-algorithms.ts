import { describeSchema, resolveSchema, type Rule, type Schema } from '../core/config-rules.js';
import { InvalidArgumentError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import type { Space } from '../core/spaces/space.js';
import type { ConstraintSpec } from '../envs/constrained/constrained-env.js';
import { LagrangianPpo } from './lagrangian-ppo.js';
import { actorCriticOptions, PG_PRESETS, PG_RENAMED_KEYS, PPO_SCHEMA } from './pg-algorithms.js';

/** The deep Lagrangian algorithms the runner's table can build by name, for a `ConstrainedEnv` with Box observations. */
export const LAGRANGIAN_PPO_ALGORITHMS = { 'reload-ppo': true, 'lagrangian-ppo': false } as const;
/** The name of a deep Lagrangian algorithm in the runner's table (its value: whether it is optimistic). */
export type LagrangianPpoAlgorithm = keyof typeof LAGRANGIAN_PPO_ALGORITHMS;

/** One-line summaries for `converge algos`. */
export const LAGRANGIAN_PPO_SUMMARIES: Readonly<Record<LagrangianPpoAlgorithm, string>> = {
  'reload-ppo': 'ReLOAD deep form (Moskovitz et al. 2023): PPO on r − Σμc with a cost critic, optimistic gradients for policy and sigmoid-bounded multipliers; run with --n-envs 8',
  'lagrangian-ppo': 'PPO-Lagrangian by plain gradient descent-ascent (the ReLOAD baseline): PPO on r − Σμc with a cost critic, sigmoid-bounded multipliers; run with --n-envs 8',
};

const pos: Rule = (v) => (typeof v === 'number' && v > 0 && Number.isFinite(v) ? undefined : 'a positive number');
const optionalPos: Rule = (v) => (v === null || (typeof v === 'number' && v > 0 && Number.isFinite(v)) ? undefined : 'a positive number or null');
const SCHEMA: Schema = {
  ...PPO_SCHEMA,
  multiplierMax: [10, pos, 'the bound μ_max of μ = μ_max·σ(λ)'],
  initialMultiplier: [1, pos, 'μ before training, in (0, multiplierMax)'],
  multiplierLearningRate: [null, optionalPos, "the step size of the multipliers' ascent; null: learningRate's base value"],
};

/** The PPO presets, under the constrained envs built on the same task (ConstrainedCartPole-v0 on CartPole-v1's). */
export const LAGRANGIAN_PPO_PRESETS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  'ConstrainedCartPole-v0': PG_PRESETS.ppo['CartPole-v1'] as Readonly<Record<string, unknown>>,
};

/** One help line per hyperparameter, for `converge hyperparams`. */
export function describeLagrangianPpoConfig(): string[] {
  return describeSchema(SCHEMA);
}

/** PPO's renamed keys, and the multipliers' step size of earlier versions. */
const RENAMED = { ...PG_RENAMED_KEYS, multiplierLr: 'multiplierLearningRate' };

/** Validates hyperparameters of a deep Lagrangian algorithm and fills in defaults; names a bad or unknown key (old names read as PPO's). */
export function resolveLagrangianPpoConfig(algo: LagrangianPpoAlgorithm, hyper: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return resolveSchema(algo, SCHEMA, hyper, RENAMED);
}

/** Builds the agent of a deep Lagrangian algorithm for a constrained env with Box observations. */
export function createLagrangianPpo(
  algo: LagrangianPpoAlgorithm,
  obsSpace: Space<unknown>,
  actSpace: Space<unknown>,
  constraints: readonly ConstraintSpec[] | undefined,
  hyper: Readonly<Record<string, unknown>>,
  seed: number,
): LagrangianPpo {
  if ((obsSpace.toJSON() as { type?: unknown }).type !== 'Box') throw new InvalidArgumentError(`${algo}: needs Box observations, got ${obsSpace}`);
  if (constraints === undefined) throw new InvalidArgumentError(`${algo}: needs a ConstrainedEnv (declared constraints, costs in info.costs); this env has no constraints`);
  const h = resolveLagrangianPpoConfig(algo, hyper) as Record<string, never>;
  return new LagrangianPpo(obsSpace, actSpace, new Rng(seed), {
    ...actorCriticOptions('ppo', h),
    constraints,
    optimistic: LAGRANGIAN_PPO_ALGORITHMS[algo],
    multiplierMax: h.multiplierMax,
    initialMultiplier: h.initialMultiplier,
    ...(h.multiplierLearningRate === null ? {} : { multiplierLearningRate: h.multiplierLearningRate }),
  });
}
