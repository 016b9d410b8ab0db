import type { Agent } from '../core/agent.js';
import { describeSchema, num, oneOf, resolveSchema, type Rule, type Schema } from '../core/config-rules.js';
import { InvalidArgumentError } from '../core/errors.js';
import { discreteSize } from '../core/spaces/discrete-size.js';
import type { Space } from '../core/spaces/space.js';
import { RISK_AVERSE_PARAMETERISATIONS, RiskAverseActorCritic, RiskAverseReinforce, type RiskAverseParameterisation } from './risk-averse-agents.js';

/** The sample-based risk-averse algorithms, by their `converge train --algo` name. */
export const RISK_AVERSE_ALGORITHMS = ['risk-averse-reinforce', 'risk-averse-ac'] as const;
/** The name of a sample-based risk-averse algorithm. */
export type RiskAverseAlgorithm = (typeof RISK_AVERSE_ALGORITHMS)[number];

/** One line per algorithm for `converge train --help` and the algorithm table. */
export const RISK_AVERSE_SUMMARIES: Readonly<Record<RiskAverseAlgorithm, string>> = {
  'risk-averse-reinforce': 'risk-averse REINFORCE on the ECRM (mean-CVaR per stage, Yu & Ying 2023), tabular softmax or direct policy over (action, η); learns η far more slowly than risk-averse-ac',
  'risk-averse-ac': 'risk-averse actor-critic on the ECRM (Yu & Ying 2023), tabular softmax or direct actor and TD(0) critic',
};

const etaGrid: Rule = (v) => (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x)) ? undefined : 'a non-empty array of finite numbers (the distinct one-step costs)');
const bool: Rule = (v) => (typeof v === 'boolean' ? undefined : 'true or false');
const positive = num(0, Infinity, true);
/** Unset picks the parameterisation's own default. */
const optionalPositive: Rule = (v) => (v === undefined || positive(v) === undefined ? undefined : 'unset or a number in (0, Infinity]');

/** Settings, their defaults and rules; etaGrid has no default (it depends on the task's costs). */
const SCHEMA: Schema = {
  etaGrid: [undefined, etaGrid, 'the η values chosen one stage ahead; every distinct one-step cost makes the CVaR exact'],
  alpha: [0.1, num(0, 1, true), 'CVaR level'],
  lambda: [0.5, num(0, 1), 'CVaR weight per stage; 0 is risk-neutral'],
  gamma: [0.99, num(0, 0.999999), 'discount'],
  parameterisation: ['softmax', oneOf(...RISK_AVERSE_PARAMETERISATIONS), "softmax logits, or 'direct': the policy table projected onto the simplex per state"],
  learningRate: [undefined, optionalPositive, 'actor step size; unset: 0.1 softmax, 0.01 direct'],
  criticLearningRate: [0.1, positive, 'baseline (REINFORCE) or critic (actor-critic) step size'],
  normalizeAdvantage: [true, bool, 'divide each actor step by the running RMS of the advantages'],
};

/** Tuned settings per env id: CliffWalking's costs are 1 per step and 100 per fall (0 after the goal). */
export const RISK_AVERSE_PRESETS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  'CliffWalking-v0': { etaGrid: [0, 1, 100], alpha: 0.1, lambda: 0.5 },
};

/** Keys of earlier versions and the names (SB3's `learningRate`, as every algorithm's) they go by now. */
const RENAMED = { lr: 'learningRate', criticLr: 'criticLearningRate' };

/** Validates hyperparameters and fills in defaults (old keys read by their new names); throws `InvalidArgumentError` naming a bad or unknown one. */
export function resolveRiskAverseConfig(algo: RiskAverseAlgorithm, hyper: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return resolveSchema(algo, SCHEMA, hyper, RENAMED);
}

/** One help line per setting (default, allowed range, meaning) for `converge train --help`. */
export function describeRiskAverseConfig(): string[] {
  return describeSchema(SCHEMA);
}

/** Builds a risk-averse agent for Discrete observation and action spaces from resolved hyperparameters. */
export function createRiskAverseAgent(algo: RiskAverseAlgorithm, obsSpace: Space<unknown>, actSpace: Space<unknown>, hyper: Readonly<Record<string, unknown>>, seed: number): Agent<number, number> {
  const S = discreteSize(obsSpace);
  const A = discreteSize(actSpace);
  if (S === undefined || A === undefined) {
    throw new InvalidArgumentError(`${algo}: needs Discrete observation and action spaces starting at 0 (a tabular task), got ${obsSpace} and ${actSpace}`);
  }
  const h = resolveRiskAverseConfig(algo, hyper);
  const opts = {
    S,
    A,
    etaGrid: h.etaGrid as number[],
    alpha: h.alpha as number,
    lambda: h.lambda as number,
    gamma: h.gamma as number,
    parameterisation: h.parameterisation as RiskAverseParameterisation,
    ...(h.learningRate === undefined ? {} : { learningRate: h.learningRate as number }),
    criticLearningRate: h.criticLearningRate as number,
    normalizeAdvantage: h.normalizeAdvantage as boolean,
    seed,
  };
  return algo === 'risk-averse-reinforce' ? new RiskAverseReinforce(opts) : new RiskAverseActorCritic(opts);
}
