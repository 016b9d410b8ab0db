import { argmax } from '../core/argmax.js';
import { InvalidArgumentError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { projectSimplex } from '../core/simplex.js';
import { softmaxPolicy } from '../envs/tabular/exact-gradient.js';

/** Kept here for existing importers; the projection lives in core (shared with the robust MDPs and DRPG). */
export { projectSimplex } from '../core/simplex.js';

function checkShape(what: string, length: number, numStates: number, numActions: number): void {
  if (length !== numStates * numActions) {
    throw new InvalidArgumentError(`${what}: length must be S×A = ${numStates * numActions}, got ${length}`);
  }
}

/** A tabular softmax policy π_θ(a|s) ∝ exp θ_{s,a}, for exact and sampled policy-gradient analysis. */
export class TabularSoftmaxPolicy {
  readonly theta: Float64Array;

  /** θ = 0 (uniform) unless given. */
  constructor(
    readonly numStates: number,
    readonly numActions: number,
    theta?: ArrayLike<number>,
  ) {
    this.theta = theta ? Float64Array.from(theta) : new Float64Array(numStates * numActions);
    checkShape('TabularSoftmaxPolicy theta', this.theta.length, numStates, numActions);
  }

  /** π as an S×A row-major table. */
  probs(): Float64Array {
    return softmaxPolicy(this.theta, this.numStates, this.numActions);
  }

  /** ∇_θ log π(a|s) = e_{s,a} − π(·|s) in row s, zero elsewhere. */
  score(state: number, action: number): Float64Array {
    const pi = this.probs();
    const g = new Float64Array(this.theta.length);
    for (let b = 0; b < this.numActions; b++) g[state * this.numActions + b] = -(pi[state * this.numActions + b] as number);
    g[state * this.numActions + action] = (g[state * this.numActions + action] as number) + 1;
    return g;
  }

  /** An action drawn from π(·|s). */
  sample(state: number, rng: Rng): number {
    return rng.categorical(this.probs().subarray(state * this.numActions, (state + 1) * this.numActions));
  }

  /** The most likely action in state s. */
  mode(state: number): number {
    return argmax(this.theta, state * this.numActions, this.numActions);
  }
}

/** A direct tabular policy: π itself is the parameter, each row kept on the simplex by projection. */
export class DirectPolicy {
  readonly pi: Float64Array;

  /** Uniform unless given; a given table is projected onto the simplex row by row. */
  constructor(
    readonly numStates: number,
    readonly numActions: number,
    pi?: ArrayLike<number>,
  ) {
    this.pi = pi ? Float64Array.from(pi) : new Float64Array(numStates * numActions).fill(1 / numActions);
    checkShape('DirectPolicy pi', this.pi.length, numStates, numActions);
    this.project();
  }

  /** Projected gradient ascent π ← Proj_Δ(π + η·g) (Agarwal et al. 2021, eq. 9). */
  step(grad: ArrayLike<number>, stepSize: number): void {
    checkShape('DirectPolicy gradient', grad.length, this.numStates, this.numActions);
    for (let i = 0; i < this.pi.length; i++) this.pi[i] = (this.pi[i] as number) + stepSize * (grad[i] as number);
    this.project();
  }

  /** An action drawn from π(·|s). */
  sample(state: number, rng: Rng): number {
    return rng.categorical(this.pi.subarray(state * this.numActions, (state + 1) * this.numActions));
  }

  private project(): void {
    for (let s = 0; s < this.numStates; s++) {
      const row = this.pi.subarray(s * this.numActions, (s + 1) * this.numActions);
      row.set(projectSimplex(row));
    }
  }
}
