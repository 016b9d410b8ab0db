import type { Env, StepResult, StepSlot } from '../../core/env.js';
import { InvalidArgumentError } from '../../core/errors.js';
import { envName } from '../env-name.js';
import { Wrapper, fillStep, stepSlot } from '../wrappers/wrapper.js';
import { checkConstraints, type ConstrainedEnv, type ConstraintSpec } from './constrained-env.js';

/** Writes the costs of one step into `out` (length = constraints): from the action taken and what the env returned. */
export type CostFunction<Obs, Act> = (action: Act, result: StepResult<Obs>, out: Float64Array) => void;

/**
 * Makes any env a `ConstrainedEnv`: it declares `constraints` and adds `info.costs` (a fresh `Float64Array` per
 * step, filled by `cost`) to each step's info, leaving observation, reward and flags as the env gave them.
 */
export class WithCosts<Obs, Act> extends Wrapper<Obs, Act> implements ConstrainedEnv<Obs, Act> {
  private readonly declared: readonly ConstraintSpec[];
  private readonly slot: StepSlot<Obs> = stepSlot<Obs>();

  constructor(
    env: Env<Obs, Act>,
    constraints: readonly ConstraintSpec[],
    private readonly cost: CostFunction<Obs, Act>,
  ) {
    super(env);
    checkConstraints(`WithCosts(${envName(env)})`, constraints);
    if (typeof cost !== 'function') throw new InvalidArgumentError(`WithCosts(${envName(env)}): cost must be a function (action, result, out) => void`);
    this.declared = constraints.map((c) => ({ ...c }));
  }

  override get constraints(): readonly ConstraintSpec[] {
    return this.declared;
  }

  override step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    const costs = new Float64Array(this.declared.length);
    this.cost(action, r, costs);
    // The env may reuse (or freeze) its info object: copy it rather than add a key to it.
    return fillStep(this.slot, r, r.observation, r.reward, { ...r.info, costs });
  }
}
