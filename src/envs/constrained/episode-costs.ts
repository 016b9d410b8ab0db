import type { Info } from '../../core/env.js';
import { InvalidArgumentError } from '../../core/errors.js';
import { costsProblem, type ConstraintSpec } from './constrained-env.js';

/** An episode's costs so far, as plain JSON (for a checkpoint taken mid-episode). */
export interface EpisodeCostsState {
  readonly sums: readonly number[];
  readonly discounts: readonly number[];
  readonly steps: number;
}

/**
 * Accumulates one episode's costs, constraint by constraint, into the value its budget reads: the discounted sum
 * Σ_t γ^t c_t for a discounted constraint, the mean cost per step for an average one. Shared by the episode
 * statistics wrapper and the runner, so both report the same numbers.
 */
export class EpisodeCosts {
  private readonly sums: Float64Array;
  private readonly discounts: Float64Array;
  private steps = 0;

  constructor(readonly constraints: readonly ConstraintSpec[]) {
    this.sums = new Float64Array(constraints.length);
    this.discounts = new Float64Array(constraints.length).fill(1);
  }

  /** Adds a step's `info.costs`; invalid costs throw `InvalidArgumentError` prefixed by `where()` (env and step). */
  add(info: Info, where: () => string): void {
    const problem = costsProblem(info, this.constraints.length);
    if (problem !== undefined) throw new InvalidArgumentError(`${where()}: ${problem}`);
    const costs = info.costs as Float64Array;
    this.constraints.forEach((spec, i) => {
      this.sums[i] = (this.sums[i] as number) + (this.discounts[i] as number) * (costs[i] as number);
      if (spec.kind === 'discounted') this.discounts[i] = (this.discounts[i] as number) * spec.gamma;
    });
    this.steps++;
  }

  /** The episode's value per constraint, then a fresh start for the next episode. */
  finish(): number[] {
    const out = this.constraints.map((spec, i) => (spec.kind === 'average' ? (this.sums[i] as number) / Math.max(1, this.steps) : (this.sums[i] as number)));
    this.reset();
    return out;
  }

  /** The episode so far, to continue it later with `restore`. */
  state(): EpisodeCostsState {
    return { sums: Array.from(this.sums), discounts: Array.from(this.discounts), steps: this.steps };
  }

  /** Continues an episode from `state` (taken on an accumulator with the same constraints). */
  restore(state: EpisodeCostsState): void {
    const n = this.constraints.length;
    if (state.sums.length !== n || state.discounts.length !== n) throw new InvalidArgumentError(`EpisodeCosts.restore: the state holds ${state.sums.length} constraints, this accumulator has ${n}`);
    this.sums.set(state.sums);
    this.discounts.set(state.discounts);
    this.steps = state.steps;
  }

  /** Forgets the current episode (at a reset). */
  reset(): void {
    this.sums.fill(0);
    this.discounts.fill(1);
    this.steps = 0;
  }
}
