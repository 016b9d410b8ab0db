import type { Env, Info } from '../../core/env.js';
import { InvalidArgumentError, describeValue } from '../../core/errors.js';

/** One constraint of a constrained env: a cost signal, its budget and how the cost is aggregated. */
export type ConstraintSpec =
  | {
      /** A name for logs and reports (e.g. `'hazard'`). */
      readonly name: string;
      /** The budget b: the constraint holds when E[Σ_t γ^t c_t] ≤ b (from the initial distribution). */
      readonly budget: number;
      readonly kind: 'discounted';
      /** The discount γ of the cost, in [0, 1). */
      readonly gamma: number;
    }
  | {
      readonly name: string;
      /** The budget b: the constraint holds when the expected mean cost per step of an episode is ≤ b. */
      readonly budget: number;
      readonly kind: 'average';
    };

/**
 * An environment with constraints (a constrained MDP, Altman 1999): besides its reward, every `step` returns one
 * cost per constraint in `info.costs`, a `Float64Array` of length `constraints.length`, finite, in the order of
 * `constraints`. Resets carry no costs.
 */
export interface ConstrainedEnv<Obs = unknown, Act = unknown> extends Env<Obs, Act> {
  readonly constraints: readonly ConstraintSpec[];
}

/** Whether `env` declares constraints (has a `constraints` array); wrappers forward it from the env they wrap. */
export function isConstrainedEnv<Obs, Act>(env: Env<Obs, Act>): env is ConstrainedEnv<Obs, Act> {
  return Array.isArray((env as Partial<ConstrainedEnv>).constraints);
}

/** Checks a constraint list: names non-empty and distinct, budgets finite, discounts in [0, 1). */
export function checkConstraints(owner: string, constraints: readonly ConstraintSpec[]): void {
  if (!Array.isArray(constraints) || constraints.length === 0) {
    throw new InvalidArgumentError(`${owner}: constraints must be a non-empty array, got ${describeValue(constraints)}`);
  }
  const names = new Set<string>();
  constraints.forEach((c, i) => {
    if (typeof c.name !== 'string' || c.name === '') throw new InvalidArgumentError(`${owner}: constraint ${i} needs a non-empty name, got ${describeValue(c.name)}`);
    if (names.has(c.name)) throw new InvalidArgumentError(`${owner}: constraint name ${JSON.stringify(c.name)} is used twice`);
    names.add(c.name);
    if (!Number.isFinite(c.budget)) throw new InvalidArgumentError(`${owner}: constraint ${JSON.stringify(c.name)} budget must be finite, got ${describeValue(c.budget)}`);
    if (c.kind === 'discounted') {
      if (!(c.gamma >= 0 && c.gamma < 1)) throw new InvalidArgumentError(`${owner}: constraint ${JSON.stringify(c.name)} gamma must be in [0, 1), got ${describeValue(c.gamma)}`);
    } else if (c.kind !== 'average') {
      throw new InvalidArgumentError(`${owner}: constraint ${JSON.stringify(c.name)} kind must be 'discounted' or 'average', got ${describeValue((c as { kind: unknown }).kind)}`);
    }
  });
}

/**
 * The problem with a step's `info.costs`, or undefined when it is a `Float64Array` of `count` finite entries.
 * Shared by the env checker and anything that consumes costs, so the message reads the same everywhere.
 */
export function costsProblem(info: Info, count: number): string | undefined {
  const costs = info.costs;
  if (costs === undefined) return `info.costs is missing; a constrained env must return a Float64Array of ${count} costs on every step`;
  if (!(costs instanceof Float64Array)) return `info.costs is ${describeValue(costs)}, must be a Float64Array of ${count} costs`;
  if (costs.length !== count) return `info.costs has ${costs.length} entries, must have ${count} (one per constraint)`;
  const bad = costs.findIndex((c) => !Number.isFinite(c));
  if (bad >= 0) return `info.costs[${bad}] is ${describeValue(costs[bad])}, must be finite`;
  return undefined;
}
