import { checkInteger } from '../../core/checks.js';
import { checkSnapshot, snapshotOf } from '../../core/env-snapshot.js';
import type { EnvSnapshot, Info, Snapshottable } from '../../core/env.js';
import { InvalidArgumentError, NotFoundError, StateError, describeValue } from '../../core/errors.js';
import type { ParallelEnv, ParallelResetResult, ParallelStepResult } from '../../core/parallel-env.js';
import { Rng, type RngState } from '../../core/rng.js';
import { Discrete } from '../../core/spaces/discrete.js';

/** The tolerance within which each transition row and μ0 must sum to 1. */
export const MARKOV_GAME_TOLERANCE = 1e-9;

/** What a `TabularMarkovGame` is built from. Arrays are row-major (joint actions player 0 slowest) and copied. */
export interface TabularMarkovGameSpec {
  /** Number of states. */
  readonly S: number;
  /** Number of actions of each player (two or more players). */
  readonly numActions: readonly number[];
  /** Transitions `P[(s*J + j)*S + s']` for joint action index j, length S·J·S; each (s, j) row sums to 1. */
  readonly P: ArrayLike<number>;
  /** One expected-reward table per player, `R[i][s*J + j]`, length S·J each (every player maximises its own). */
  readonly R: ReadonlyArray<ArrayLike<number>>;
  /** Discount factor in [0, 1). */
  readonly gamma: number;
  /** Initial state distribution; default uniform. */
  readonly mu0?: ArrayLike<number>;
  /** Steps after which a sampled episode is truncated; default none. */
  readonly horizon?: number;
  /** 1 (or true) for terminal states: absorbing with zero rewards; entering one ends a sampled episode. */
  readonly terminal?: ArrayLike<number | boolean>;
  readonly name?: string;
}

/**
 * A finite discounted general-sum Markov game (Shapley 1953, Littman 1994): S states, per-player action sets,
 * a joint transition kernel P(s'|s, a_1..a_n), per-player rewards R_i(s, a) and discount γ.
 *
 * ## Description
 * All players see the state and act at once; each receives its own reward. The exact model serves the solvers
 * (joint-policy evaluation, best responses, NashConv, Shapley iteration) and, sampled, is an environment.
 *
 * ## Action Space
 * Agent `player_i` acts in `Discrete(numActions[i])`.
 *
 * ## Observation Space
 * Every agent observes the state index in `Discrete(S)`.
 *
 * ## Rewards
 * `R[i][s, a]` for agent `player_i` on joint action a in state s.
 *
 * ## Starting State
 * s0 ~ μ0.
 *
 * ## Episode End
 * Entering a terminal state terminates every agent; reaching `horizon` steps truncates every agent. Then `agents`
 * is empty and `step` is an error until `reset`.
 *
 * ## Arguments
 * See {@link TabularMarkovGameSpec}.
 *
 * ## Version History
 * - v0: initial version.
 */
export class TabularMarkovGame implements ParallelEnv<number, number>, Snapshottable {
  readonly S: number;
  readonly numPlayers: number;
  readonly numActions: readonly number[];
  /** Number of joint actions J = Π_i numActions[i]. */
  readonly numJoint: number;
  readonly strides: readonly number[];
  readonly P: Float64Array;
  readonly R: readonly Float64Array[];
  readonly gamma: number;
  readonly mu0: Float64Array;
  readonly horizon: number | undefined;
  readonly terminal: Uint8Array;
  readonly name: string;
  readonly possibleAgents: readonly string[];
  readonly metadata: Readonly<Record<string, unknown>> = { renderModes: [] };
  private live: readonly string[] = [];
  private rng = new Rng(0);
  private state = -1;
  private t = 0;
  private readonly obsSpace: Discrete;
  private readonly actSpaces: readonly Discrete[];

  /** Builds and validates the game; throws `InvalidArgumentError` naming the first bad entry. */
  constructor(spec: TabularMarkovGameSpec) {
    const name = spec.name ?? 'TabularMarkovGame';
    this.name = name;
    checkInteger(`${name}: S`, spec.S, 1);
    if (spec.numActions.length < 2) throw new InvalidArgumentError(`${name}: a Markov game needs at least 2 players, got ${spec.numActions.length}`);
    spec.numActions.forEach((k, i) => checkInteger(`${name}: numActions[${i}]`, k, 1));
    const S = spec.S;
    const n = spec.numActions.length;
    const strides = new Array<number>(n);
    let J = 1;
    for (let i = n - 1; i >= 0; i--) {
      strides[i] = J;
      J *= spec.numActions[i] as number;
    }
    if (!(spec.gamma >= 0 && spec.gamma < 1)) throw new InvalidArgumentError(`${name}: gamma must be in [0, 1), got ${describeValue(spec.gamma)}`);
    if (spec.P.length !== S * J * S) throw new InvalidArgumentError(`${name}: P must have S·J·S = ${S * J * S} entries, got ${spec.P.length}`);
    if (spec.R.length !== n) throw new InvalidArgumentError(`${name}: R needs one table per player (${n}), got ${spec.R.length}`);
    this.P = Float64Array.from(spec.P);
    for (let row = 0; row < S * J; row++) {
      let sum = 0;
      for (let s2 = 0; s2 < S; s2++) {
        const p = this.P[row * S + s2] as number;
        if (!(p >= 0 && p <= 1)) throw new InvalidArgumentError(`${name}: P[s=${Math.floor(row / J)}, joint=${row % J}, s'=${s2}] = ${describeValue(p)} is not a probability in [0, 1]`);
        sum += p;
      }
      if (Math.abs(sum - 1) > MARKOV_GAME_TOLERANCE) throw new InvalidArgumentError(`${name}: P[s=${Math.floor(row / J)}, joint=${row % J}, ·] sums to ${sum}; each row must sum to 1 within ${MARKOV_GAME_TOLERANCE}`);
    }
    this.R = spec.R.map((table, i) => {
      if (table.length !== S * J) throw new InvalidArgumentError(`${name}: R[${i}] must have S·J = ${S * J} entries, got ${table.length}`);
      const copy = Float64Array.from(table);
      copy.forEach((r, k) => {
        if (!Number.isFinite(r)) throw new InvalidArgumentError(`${name}: R[${i}][s=${Math.floor(k / J)}, joint=${k % J}] = ${describeValue(r)} must be finite`);
      });
      return copy;
    });
    if (spec.mu0 !== undefined && spec.mu0.length !== S) throw new InvalidArgumentError(`${name}: mu0 must have S = ${S} entries, got ${spec.mu0.length}`);
    this.mu0 = spec.mu0 === undefined ? new Float64Array(S).fill(1 / S) : Float64Array.from(spec.mu0);
    const mass = this.mu0.reduce((a, b) => a + b, 0);
    if (this.mu0.some((p) => !(p >= 0)) || Math.abs(mass - 1) > MARKOV_GAME_TOLERANCE) throw new InvalidArgumentError(`${name}: mu0 must be a probability vector summing to 1, got ${describeValue(Array.from(this.mu0))}`);
    if (spec.horizon !== undefined) checkInteger(`${name}: horizon`, spec.horizon, 1);
    this.horizon = spec.horizon;
    if (spec.terminal !== undefined && spec.terminal.length !== S) throw new InvalidArgumentError(`${name}: terminal must have S = ${S} entries, got ${spec.terminal.length}`);
    this.terminal = new Uint8Array(S);
    for (let s = 0; s < S; s++) {
      if (!spec.terminal?.[s]) continue;
      this.terminal[s] = 1;
      for (let j = 0; j < J; j++) {
        if (this.P[(s * J + j) * S + s] !== 1 || this.R.some((table) => table[s * J + j] !== 0)) {
          throw new InvalidArgumentError(`${name}: terminal state s=${s} must be absorbing with zero rewards, but joint action ${j} is not`);
        }
      }
    }
    this.S = S;
    this.numPlayers = n;
    this.numActions = [...spec.numActions];
    this.numJoint = J;
    this.strides = strides;
    this.gamma = spec.gamma;
    this.possibleAgents = Array.from({ length: n }, (_, i) => `player_${i}`);
    this.obsSpace = new Discrete(S);
    this.actSpaces = this.numActions.map((k) => new Discrete(k));
  }

  /** Player i's action within joint action index `joint`. */
  actionOf(joint: number, player: number): number {
    return Math.floor(joint / (this.strides[player] as number)) % (this.numActions[player] as number);
  }

  /** The flat index of a joint action. */
  jointIndex(actions: readonly number[]): number {
    let j = 0;
    for (let i = 0; i < this.numPlayers; i++) j += (actions[i] as number) * (this.strides[i] as number);
    return j;
  }

  /** True when the players' rewards sum to zero at every (s, joint action). */
  isZeroSum(tolerance = 1e-12): boolean {
    for (let k = 0; k < this.S * this.numJoint; k++) {
      let total = 0;
      for (const table of this.R) total += table[k] as number;
      if (Math.abs(total) > tolerance) return false;
    }
    return true;
  }

  get agents(): readonly string[] {
    return this.live;
  }

  private playerOf(agent: string, where: string): number {
    const i = this.possibleAgents.indexOf(agent);
    if (i < 0) throw new NotFoundError(`${this.name}.${where}: no agent ${JSON.stringify(agent)}; agents are ${this.possibleAgents.join(', ')}`);
    return i;
  }

  observationSpace(agent: string): Discrete {
    this.playerOf(agent, 'observationSpace');
    return this.obsSpace;
  }

  actionSpace(agent: string): Discrete {
    return this.actSpaces[this.playerOf(agent, 'actionSpace')] as Discrete;
  }

  private perAgent<T>(value: (i: number) => T): Record<string, T> {
    const out: Record<string, T> = {};
    this.possibleAgents.forEach((agent, i) => {
      out[agent] = value(i);
    });
    return out;
  }

  reset(opts?: { seed?: number; options?: Record<string, unknown> }): ParallelResetResult<number> {
    if (opts?.seed !== undefined) this.rng = new Rng(opts.seed);
    this.state = this.rng.categorical(this.mu0);
    this.t = 0;
    this.live = this.possibleAgents;
    return { observations: this.perAgent(() => this.state), infos: this.perAgent((): Info => ({})) };
  }

  step(actions: Readonly<Record<string, number>>): ParallelStepResult<number> {
    if (this.live.length === 0) throw new StateError(`${this.name}.step: all agents are done (or reset was never called); call reset first`);
    if (typeof actions !== 'object' || actions === null) throw new InvalidArgumentError(`${this.name}.step: actions must be a record keyed by agent, got ${describeValue(actions)}`);
    for (const key of Object.keys(actions)) {
      if (!this.live.includes(key)) throw new InvalidArgumentError(`${this.name}.step: action given for ${JSON.stringify(key)}, which is not a live agent (live: ${this.live.join(', ')})`);
    }
    const joint = this.possibleAgents.map((agent, i) => {
      if (!(agent in actions)) throw new InvalidArgumentError(`${this.name}.step: missing action for agent ${agent}; every live agent (${this.live.join(', ')}) must act`);
      const a = actions[agent];
      if (!this.actSpaces[i]!.contains(a)) throw new InvalidArgumentError(`${this.name}.step: action ${describeValue(a)} of agent ${agent} is outside its space ${this.actSpaces[i]}`);
      return a as number;
    });
    const s = this.state;
    const j = this.jointIndex(joint);
    const row = (s * this.numJoint + j) * this.S;
    const s2 = this.rng.categorical(this.P.subarray(row, row + this.S));
    this.state = s2;
    this.t++;
    const terminated = this.terminal[s2] === 1;
    const truncated = !terminated && this.horizon !== undefined && this.t >= this.horizon;
    if (terminated || truncated) this.live = [];
    const prob = this.P[row + s2] as number;
    return {
      observations: this.perAgent(() => s2),
      rewards: this.perAgent((i) => this.R[i]![s * this.numJoint + j] as number),
      terminations: this.perAgent(() => terminated),
      truncations: this.perAgent(() => truncated),
      infos: this.perAgent((): Info => ({ prob })),
    };
  }

  /** The state, step count, live agents and random stream, as JSON (see `Snapshottable`), so a run resumes mid-episode. */
  snapshot(): EnvSnapshot {
    return snapshotOf('TabularMarkovGame', { name: this.name, state: this.state, t: this.t, live: [...this.live], rng: this.rng.getState() });
  }

  /** Continues from a `snapshot` of a game of the same size. */
  restore(snapshot: EnvSnapshot): void {
    const s = checkSnapshot(this.name, snapshot, 'TabularMarkovGame');
    const state = s.state as number;
    if (!(Number.isInteger(state) && state >= -1 && state < this.S)) throw new StateError(`${this.name}.restore: state ${describeValue(state)} is not one of the ${this.S} states`);
    const live = s.live as string[];
    if (!Array.isArray(live) || live.some((a) => !this.possibleAgents.includes(a))) throw new StateError(`${this.name}.restore: live agents ${describeValue(live)} are not among ${this.possibleAgents.join(', ')}`);
    this.state = state;
    this.t = s.t as number;
    this.live = live.length === this.possibleAgents.length ? this.possibleAgents : live;
    this.rng = Rng.fromState(s.rng as RngState);
  }

  close(): void {}

  toString(): string {
    return this.name;
  }
}
