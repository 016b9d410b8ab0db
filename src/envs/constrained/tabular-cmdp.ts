import type { EnvSnapshot, ResetOptions, ResetResult, StepResult } from '../../core/env.js';
import { InvalidArgumentError, describeValue } from '../../core/errors.js';
import { TabularMDP, type TabularMDPSpec } from '../tabular/mdp.js';
import { checkConstraints, type ConstrainedEnv, type ConstraintSpec } from './constrained-env.js';

/** What a `TabularCMDP` is built from: a `TabularMDP` spec plus one cost table and one budget per constraint. */
export interface TabularCMDPSpec extends TabularMDPSpec {
  /** One table `C_i[s*A + a]` of expected one-step costs per constraint, each of length S·A, finite. */
  readonly costs: ReadonlyArray<ArrayLike<number>>;
  /** One budget b_i per constraint, on the discounted cost μ0ᵀV_ci^π. */
  readonly budgets: ArrayLike<number>;
  /** Names of the constraints, for messages and reports; default `cost0`, `cost1`, …. */
  readonly costNames?: readonly string[];
}

/**
 * A finite discounted constrained MDP (Altman 1999): a `TabularMDP` whose policy π must also keep each discounted
 * cost μ0ᵀV_ci^π within its budget b_i, where V_ci is the value of π under cost table C_i instead of R.
 * Terminal states must cost 0 (they are absorbing).
 *
 * As an `Env` it samples like its `TabularMDP` and returns the costs C_i[s, a] of each step in `info.costs`, so it is
 * a `ConstrainedEnv` with discounted constraints at the MDP's γ. `costModels[i]` is the same MDP with C_i as its
 * reward, so every exact routine of `envs/tabular/exact.ts` evaluates a cost as it does a reward.
 */
export class TabularCMDP extends TabularMDP implements ConstrainedEnv<number, number> {
  /** Number of constraints. */
  readonly m: number;
  readonly costs: readonly Float64Array[];
  readonly budgets: Float64Array;
  readonly constraints: readonly ConstraintSpec[];
  /** The MDP with cost table C_i as reward (same P, γ, μ0 and terminal states), one per constraint. */
  readonly costModels: readonly TabularMDP[];
  private current = -1;

  /** Builds and validates the CMDP; throws `InvalidArgumentError` naming the first bad entry. */
  constructor(spec: TabularCMDPSpec) {
    super({ ...spec, name: spec.name ?? 'TabularCMDP' });
    const name = this.name;
    const { S, A } = this;
    if (!Array.isArray(spec.costs) || spec.costs.length === 0) throw new InvalidArgumentError(`${name}: costs must be a non-empty array of S·A tables, got ${describeValue(spec.costs)}`);
    const m = spec.costs.length;
    if (spec.budgets === undefined || spec.budgets.length !== m) {
      throw new InvalidArgumentError(`${name}: budgets must have one entry per cost table (${m}), got ${spec.budgets === undefined ? 'none' : spec.budgets.length}`);
    }
    if (spec.costNames !== undefined && spec.costNames.length !== m) throw new InvalidArgumentError(`${name}: costNames must have ${m} entries, got ${spec.costNames.length}`);
    this.m = m;
    this.costs = spec.costs.map((table, i) => {
      if (table.length !== S * A) throw new InvalidArgumentError(`${name}: costs[${i}] must have S·A = ${S * A} entries, got ${table.length}`);
      const c = Float64Array.from(table);
      for (let sa = 0; sa < S * A; sa++) {
        const s = Math.floor(sa / A);
        const x = c[sa] as number;
        if (!Number.isFinite(x)) throw new InvalidArgumentError(`${name}: costs[${i}][s=${s}, a=${sa % A}] = ${describeValue(x)} must be finite`);
        if (this.terminal[s] === 1 && x !== 0) throw new InvalidArgumentError(`${name}: costs[${i}][s=${s}, a=${sa % A}] = ${x}, but terminal state s=${s} must cost 0`);
      }
      return c;
    });
    this.budgets = Float64Array.from(spec.budgets);
    this.constraints = this.costs.map((_, i) => ({ name: spec.costNames?.[i] ?? `cost${i}`, budget: this.budgets[i] as number, kind: 'discounted' as const, gamma: this.gamma }));
    checkConstraints(name, this.constraints);
    const terminal = Array.from(this.terminal);
    this.costModels = this.costs.map(
      (R, i) => new TabularMDP({ S, A, P: this.P, R, gamma: this.gamma, mu0: this.mu0, terminal, name: `${name}.${this.constraints[i]?.name}` }),
    );
  }

  override reset(opts?: ResetOptions): ResetResult<number> {
    const r = super.reset(opts);
    this.current = r.observation;
    return r;
  }

  /** Continues from a `snapshot`; the state whose costs the next step charges is the restored one. */
  override restore(snapshot: EnvSnapshot): void {
    super.restore(snapshot);
    this.current = snapshot.state as number;
  }

  /** Steps the MDP and adds `info.costs`, the costs C_i[s, a] of the state left and the action taken. */
  override step(action: number): StepResult<number> {
    const s = this.current;
    const r = super.step(action);
    const costs = new Float64Array(this.m);
    for (let i = 0; i < this.m; i++) costs[i] = (this.costs[i] as Float64Array)[s * this.A + action] as number;
    this.current = r.observation;
    return { ...r, info: { ...r.info, costs } };
  }

  override toString(): string {
    return `${this.name}(S=${this.S}, A=${this.A}, gamma=${this.gamma}, constraints=${this.m})`;
  }
}
