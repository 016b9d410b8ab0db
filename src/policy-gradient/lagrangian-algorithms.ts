import { int, num, resolveSchema, type Schema } from '../core/config-rules.js';
import { InvalidArgumentError } from '../core/errors.js';
import { discreteSize } from '../core/spaces/discrete-size.js';
import type { Space } from '../core/spaces/space.js';
import type { ConstraintSpec } from '../envs/constrained/constrained-env.js';
import { TabularLagrangianAgent } from './tabular-lagrangian-agent.js';

/** The Lagrangian algorithms the runner's table can build by name, for any tabular `ConstrainedEnv`. */
export const LAGRANGIAN_ALGORITHMS = { reload: 'reload', 'lagrangian-gda': 'gda' } as const;
/** The name of a Lagrangian algorithm in the runner's table. */
export type LagrangianAlgorithm = keyof typeof LAGRANGIAN_ALGORITHMS;

/** One-line summaries for `converge algos`. */
export const LAGRANGIAN_SUMMARIES: Readonly<Record<LagrangianAlgorithm, string>> = {
  reload: 'ReLOAD (Moskovitz et al. 2023): optimistic Lagrangian ascent-descent on a tabular constrained env, TD critics for reward and costs',
  'lagrangian-gda': 'Lagrangian gradient descent-ascent on a tabular constrained env (the ReLOAD baseline), TD critics for reward and costs',
};

const positive = num(0, Number.MAX_VALUE, true);
const SCHEMA: Schema = {
  gamma: [0.99, num(0, 0.999999)],
  stepSize: [0.1, positive],
  multiplierStepSize: [0.1, positive],
  criticStepSize: [0.1, num(0, 1, true)],
  updateEvery: [1000, int(1)],
};

/** Validates hyperparameters of a Lagrangian algorithm and fills in defaults; names a bad or unknown key. */
export function resolveLagrangianConfig(algo: LagrangianAlgorithm, hyper: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return resolveSchema(algo, SCHEMA, hyper);
}

/** Builds the agent of a Lagrangian algorithm for a tabular env (Discrete observations and actions) with constraints. */
export function createLagrangianAgent(
  algo: LagrangianAlgorithm,
  obsSpace: Space<unknown>,
  actSpace: Space<unknown>,
  constraints: readonly ConstraintSpec[] | undefined,
  hyper: Readonly<Record<string, unknown>>,
  seed: number,
): TabularLagrangianAgent {
  const S = discreteSize(obsSpace);
  const A = discreteSize(actSpace);
  if (S === undefined || A === undefined) {
    throw new InvalidArgumentError(`${algo}: needs Discrete observations and actions starting at 0 (a tabular env), got ${obsSpace} and ${actSpace}`);
  }
  if (constraints === undefined) throw new InvalidArgumentError(`${algo}: needs a ConstrainedEnv (declared constraints, costs in info.costs); this env has no constraints`);
  const h = resolveLagrangianConfig(algo, hyper) as Record<string, number>;
  return new TabularLagrangianAgent({
    S,
    A,
    constraints,
    rule: LAGRANGIAN_ALGORITHMS[algo],
    gamma: h.gamma as number,
    stepSize: h.stepSize as number,
    multiplierStepSize: h.multiplierStepSize as number,
    criticStepSize: h.criticStepSize as number,
    updateEvery: h.updateEvery as number,
    seed,
  });
}
