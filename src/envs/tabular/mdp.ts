import type { Env, EnvSnapshot, Info, ResetOptions, ResetResult, Snapshottable, StepResult } from '../../core/env.js';
import { checkSnapshot, snapshotOf } from '../../core/env-snapshot.js';
import { InvalidArgumentError, StateError, describeValue } from '../../core/errors.js';
import { Rng, type RngState } from '../../core/rng.js';
import { Discrete } from '../../core/spaces/discrete.js';

/** The tolerance within which each transition row and μ0 must sum to 1. */
export const PROBABILITY_TOLERANCE = 1e-9;

/** What a `TabularMDP` is built from. Arrays are row-major and copied. */
export interface TabularMDPSpec {
  /** Number of states (positive integer). */
  readonly S: number;
  /** Number of actions (positive integer). */
  readonly A: number;
  /** Transition probabilities `P[(s*A + a)*S + s']`, length S·A·S; each (s, a) row sums to 1. */
  readonly P: ArrayLike<number>;
  /** Expected rewards `R[s*A + a]`, length S·A. Give exactly one of `R` and `Rsas`. */
  readonly R?: ArrayLike<number>;
  /** Rewards that depend on the next state, `Rsas[(s*A + a)*S + s']`, length S·A·S. */
  readonly Rsas?: ArrayLike<number>;
  /** Discount factor in [0, 1). */
  readonly gamma: number;
  /** Initial state distribution, length S; default uniform. */
  readonly mu0?: ArrayLike<number>;
  /** Steps after which an episode is truncated when sampled as an `Env`; default none. */
  readonly horizon?: number;
  /** 1 (or true) for terminal states: absorbing, zero reward; entering one ends a sampled episode. */
  readonly terminal?: ArrayLike<number | boolean>;
  /** A name for messages and reports. */
  readonly name?: string;
}

function checkCount(name: string, what: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new InvalidArgumentError(`${name}: ${what} must be a positive integer, got ${describeValue(v)}`);
}

function checkLength(name: string, what: string, xs: ArrayLike<number | boolean> | undefined, n: number, shape: string): void {
  if (xs === undefined || xs.length !== n) {
    throw new InvalidArgumentError(`${name}: ${what} must have ${shape} = ${n} entries, got ${xs === undefined ? 'none' : xs.length}`);
  }
}

/**
 * A finite discounted MDP given by its tables: `S` states, `A` actions, transitions `P[s,a,s']`, rewards `R[s,a]`
 * (or `Rsas[s,a,s']`), discount `gamma`, initial distribution `mu0`. Validated on construction: shapes agree, no
 * negative or non-finite entry, every row of P and μ0 sums to 1 within 1e-9, terminal states are absorbing with
 * zero reward; the error names the offending (s, a).
 *
 * It is also an `Env<number, number>`: `reset` draws s0 ~ μ0, `step(a)` draws s' ~ P[s,a,·] with the env's `Rng`
 * and returns `R[s,a,s']` (or `R[s,a]`); entering a terminal state terminates, reaching `horizon` steps truncates.
 * Info carries `prob`, the probability of the transition taken (as Gymnasium's toy-text envs).
 */
export class TabularMDP implements Env<number, number>, Snapshottable {
  readonly S: number;
  readonly A: number;
  readonly P: Float64Array;
  /** Expected one-step rewards `R[s*A + a]` (computed from `Rsas` when that was given). */
  readonly R: Float64Array;
  readonly Rsas: Float64Array | undefined;
  readonly gamma: number;
  readonly mu0: Float64Array;
  readonly horizon: number | undefined;
  /** 1 for terminal states. */
  readonly terminal: Uint8Array;
  readonly name: string;
  /** Sparse rows of P for fast sampling: row `s*A + a` holds entries `rowStart[row] .. rowStart[row + 1]`. */
  readonly rowStart: Int32Array;
  readonly nextState: Int32Array;
  /** Cumulative probabilities within each sparse row (the last is 1 up to rounding). */
  readonly cumProb: Float64Array;

  readonly observationSpace: Discrete;
  readonly actionSpace: Discrete;
  spec: Env['spec'] = undefined;
  readonly metadata: Readonly<Record<string, unknown>> = { renderModes: [] };
  private rng = new Rng(0);
  private state = -1;
  private t = 0;
  private done = true;

  /** Builds and validates the MDP; throws `InvalidArgumentError` naming the first bad entry. */
  constructor(spec: TabularMDPSpec) {
    const name = spec.name ?? 'TabularMDP';
    checkCount(name, 'S', spec.S);
    checkCount(name, 'A', spec.A);
    const { S, A } = spec;
    this.S = S;
    this.A = A;
    this.name = name;
    if (!(spec.gamma >= 0 && spec.gamma < 1)) throw new InvalidArgumentError(`${name}: gamma must be in [0, 1), got ${describeValue(spec.gamma)}`);
    this.gamma = spec.gamma;
    if (spec.horizon !== undefined) checkCount(name, 'horizon', spec.horizon);
    this.horizon = spec.horizon;
    checkLength(name, 'P', spec.P, S * A * S, 'S·A·S');
    if ((spec.R === undefined) === (spec.Rsas === undefined)) throw new InvalidArgumentError(`${name}: give exactly one of R (S·A) and Rsas (S·A·S)`);
    if (spec.R !== undefined) checkLength(name, 'R', spec.R, S * A, 'S·A');
    if (spec.Rsas !== undefined) checkLength(name, 'Rsas', spec.Rsas, S * A * S, 'S·A·S');
    this.P = Float64Array.from(spec.P);
    this.Rsas = spec.Rsas === undefined ? undefined : Float64Array.from(spec.Rsas);
    this.R = new Float64Array(S * A);
    for (let sa = 0; sa < S * A; sa++) {
      const s = Math.floor(sa / A);
      const a = sa % A;
      let sum = 0;
      for (let s2 = 0; s2 < S; s2++) {
        const p = this.P[sa * S + s2] as number;
        if (!(p >= 0 && p <= 1)) throw new InvalidArgumentError(`${name}: P[s=${s}, a=${a}, s'=${s2}] = ${describeValue(p)} is not a probability in [0, 1]`);
        sum += p;
      }
      if (Math.abs(sum - 1) > PROBABILITY_TOLERANCE) {
        throw new InvalidArgumentError(`${name}: P[s=${s}, a=${a}, ·] sums to ${sum}; each row must sum to 1 within ${PROBABILITY_TOLERANCE}`);
      }
      if (this.Rsas) {
        let r = 0;
        for (let s2 = 0; s2 < S; s2++) {
          const x = this.Rsas[sa * S + s2] as number;
          if (!Number.isFinite(x)) throw new InvalidArgumentError(`${name}: Rsas[s=${s}, a=${a}, s'=${s2}] = ${describeValue(x)} must be finite`);
          r += (this.P[sa * S + s2] as number) * x;
        }
        this.R[sa] = r;
      } else {
        const x = Number((spec.R as ArrayLike<number>)[sa]);
        if (!Number.isFinite(x)) throw new InvalidArgumentError(`${name}: R[s=${s}, a=${a}] = ${describeValue(x)} must be finite`);
        this.R[sa] = x;
      }
    }
    if (spec.mu0 !== undefined) checkLength(name, 'mu0', spec.mu0, S, 'S');
    this.mu0 = spec.mu0 === undefined ? new Float64Array(S).fill(1 / S) : Float64Array.from(spec.mu0);
    let mass = 0;
    for (let s = 0; s < S; s++) {
      const p = this.mu0[s] as number;
      if (!(p >= 0 && p <= 1)) throw new InvalidArgumentError(`${name}: mu0[${s}] = ${describeValue(p)} is not a probability in [0, 1]`);
      mass += p;
    }
    if (Math.abs(mass - 1) > PROBABILITY_TOLERANCE) throw new InvalidArgumentError(`${name}: mu0 sums to ${mass}; it must sum to 1 within ${PROBABILITY_TOLERANCE}`);
    if (spec.terminal !== undefined) checkLength(name, 'terminal', spec.terminal, S, 'S');
    this.terminal = new Uint8Array(S);
    for (let s = 0; s < S; s++) {
      if (!spec.terminal?.[s]) continue;
      this.terminal[s] = 1;
      for (let a = 0; a < A; a++) {
        const sa = s * A + a;
        if (this.P[sa * S + s] !== 1 || this.R[sa] !== 0) {
          throw new InvalidArgumentError(`${name}: terminal state s=${s} must be absorbing with zero reward, but (s=${s}, a=${a}) has P[s,a,s] = ${this.P[sa * S + s]} and R = ${this.R[sa]}`);
        }
      }
    }
    ({ rowStart: this.rowStart, nextState: this.nextState, cumProb: this.cumProb } = sparseRows(this.P, S * A, S));
    this.observationSpace = new Discrete(S);
    this.actionSpace = new Discrete(A);
  }

  get unwrapped(): Env<unknown, unknown> {
    return this as Env<unknown, unknown>;
  }

  /** The reward of the transition (s, a, s'): `Rsas[s,a,s']` when given, else `R[s,a]`. */
  reward(s: number, a: number, s2: number): number {
    const sa = s * this.A + a;
    return this.Rsas ? (this.Rsas[sa * this.S + s2] as number) : (this.R[sa] as number);
  }

  /** Draws s' ~ P[s, a, ·] from `u`, a uniform number in [0, 1) (no allocation: for hot loops). */
  sampleNext(s: number, a: number, u: number): number {
    const row = s * this.A + a;
    const end = (this.rowStart[row + 1] as number) - 1;
    let k = this.rowStart[row] as number;
    while (k < end && u >= (this.cumProb[k] as number)) k++;
    return this.nextState[k] as number;
  }

  /** Draws an initial state s0 ~ μ0 with `rng`. */
  sampleInitial(rng: Rng): number {
    return rng.categorical(this.mu0);
  }

  reset(opts?: ResetOptions): ResetResult<number> {
    if (opts?.seed !== undefined) this.rng = new Rng(opts.seed);
    this.state = this.sampleInitial(this.rng);
    this.t = 0;
    this.done = false;
    return { observation: this.state, info: { prob: this.mu0[this.state] as number } };
  }

  step(action: number): StepResult<number> {
    if (this.done) throw new StateError(`${this.name}.step: the episode has ended (or reset was never called); call reset first`);
    if (!this.actionSpace.contains(action)) throw new InvalidArgumentError(`${this.name}.step: action ${describeValue(action)} is outside ${this.actionSpace}`);
    const s = this.state;
    const s2 = this.sampleNext(s, action, this.rng.random());
    const reward = this.reward(s, action, s2);
    this.state = s2;
    this.t++;
    const terminated = this.terminal[s2] === 1;
    const truncated = !terminated && this.horizon !== undefined && this.t >= this.horizon;
    this.done = terminated || truncated;
    const info: Info = { prob: this.P[(s * this.A + action) * this.S + s2] as number };
    return { observation: s2, reward, terminated, truncated, info };
  }

  /** The current state, step count and random stream, as JSON (see `Snapshottable`). */
  snapshot(): EnvSnapshot {
    return snapshotOf('TabularMDP', { name: this.name, state: this.state, t: this.t, done: this.done, rng: this.rng.getState() });
  }

  /** Continues from a `snapshot` of an MDP of the same size. */
  restore(snapshot: EnvSnapshot): void {
    const s = checkSnapshot(this.name, snapshot, 'TabularMDP');
    const state = s.state as number;
    if (!(Number.isInteger(state) && state >= -1 && state < this.S)) throw new StateError(`${this.name}.restore: state ${describeValue(state)} is not one of the ${this.S} states`);
    this.state = state;
    this.t = s.t as number;
    this.done = s.done as boolean;
    this.rng = Rng.fromState(s.rng as RngState);
  }

  close(): void {}

  toString(): string {
    return `${this.name}(S=${this.S}, A=${this.A}, gamma=${this.gamma})`;
  }
}

/** The nonzero entries of each row of a row-stochastic matrix, with cumulative probabilities. */
function sparseRows(P: Float64Array, rows: number, S: number): { rowStart: Int32Array; nextState: Int32Array; cumProb: Float64Array } {
  let nnz = 0;
  for (let i = 0; i < P.length; i++) if ((P[i] as number) > 0) nnz++;
  const rowStart = new Int32Array(rows + 1);
  const nextState = new Int32Array(nnz);
  const cumProb = new Float64Array(nnz);
  let k = 0;
  for (let row = 0; row < rows; row++) {
    rowStart[row] = k;
    let c = 0;
    for (let s2 = 0; s2 < S; s2++) {
      const p = P[row * S + s2] as number;
      if (p > 0) {
        c += p;
        nextState[k] = s2;
        cumProb[k] = c;
        k++;
      }
    }
  }
  rowStart[rows] = k;
  return { rowStart, nextState, cumProb };
}
