import { InvalidArgumentError, describeValue } from '../../core/errors.js';

/** A mixed strategy per player: `profile[i][a]` is the probability player i plays action a. */
export type Profile = ReadonlyArray<ArrayLike<number>>;

/** What a `NormalFormGame` is built from. */
export interface NormalFormGameSpec {
  /** Number of actions of each player (two or more players, each at least one action). */
  readonly numActions: readonly number[];
  /**
   * One payoff table per player, indexed by the joint action in row-major order (player 0 slowest):
   * `payoffs[i][jointIndex(a)]` is player i's payoff (to maximise) when the players play `a`.
   */
  readonly payoffs: ReadonlyArray<ArrayLike<number>>;
  readonly name?: string;
  /** Names of the actions, per player, for reports. */
  readonly actionNames?: ReadonlyArray<readonly string[]>;
}

/**
 * A finite game in normal form: n ≥ 2 players, each maximising its own payoff tensor (general-sum). Joint actions
 * are flattened row-major, player 0 slowest, so a two-player game's `payoffs[0]` is the row player's matrix read
 * row by row.
 */
export class NormalFormGame {
  readonly numPlayers: number;
  readonly numActions: readonly number[];
  /** Number of joint actions, Π_i numActions[i]. */
  readonly numJoint: number;
  /** `strides[i]`: how far the joint index moves when player i's action grows by one. */
  readonly strides: readonly number[];
  readonly payoffs: readonly Float64Array[];
  readonly name: string;
  readonly actionNames: ReadonlyArray<readonly string[]> | undefined;

  /** Builds and validates the game; throws `InvalidArgumentError` naming the bad entry. */
  constructor(spec: NormalFormGameSpec) {
    const name = spec.name ?? 'NormalFormGame';
    const n = spec.numActions.length;
    if (n < 2) throw new InvalidArgumentError(`${name}: a normal-form game needs at least 2 players, got ${n}`);
    spec.numActions.forEach((k, i) => {
      if (!Number.isInteger(k) || k < 1) throw new InvalidArgumentError(`${name}: player ${i} must have a positive integer number of actions, got ${describeValue(k)}`);
    });
    const strides = new Array<number>(n);
    let size = 1;
    for (let i = n - 1; i >= 0; i--) {
      strides[i] = size;
      size *= spec.numActions[i] as number;
    }
    if (spec.payoffs.length !== n) throw new InvalidArgumentError(`${name}: needs one payoff table per player (${n}), got ${spec.payoffs.length}`);
    this.payoffs = spec.payoffs.map((table, i) => {
      if (table.length !== size) throw new InvalidArgumentError(`${name}: payoffs[${i}] must have ${size} entries (one per joint action), got ${table.length}`);
      const copy = Float64Array.from(table);
      copy.forEach((u, j) => {
        if (!Number.isFinite(u)) throw new InvalidArgumentError(`${name}: payoffs[${i}][${j}] must be finite, got ${describeValue(u)}`);
      });
      return copy;
    });
    if (spec.actionNames !== undefined) {
      spec.actionNames.forEach((names, i) => {
        if (names.length !== spec.numActions[i]) throw new InvalidArgumentError(`${name}: actionNames[${i}] must name ${spec.numActions[i]} actions, got ${names.length}`);
      });
    }
    this.numPlayers = n;
    this.numActions = [...spec.numActions];
    this.numJoint = size;
    this.strides = strides;
    this.name = name;
    this.actionNames = spec.actionNames;
  }

  /** The flat index of a joint action (one action per player). */
  jointIndex(actions: readonly number[]): number {
    let j = 0;
    for (let i = 0; i < this.numPlayers; i++) j += (actions[i] as number) * (this.strides[i] as number);
    return j;
  }

  /** Player i's action within the joint action with flat index `joint`. */
  actionOf(joint: number, player: number): number {
    return Math.floor(joint / (this.strides[player] as number)) % (this.numActions[player] as number);
  }

  /** True when the payoffs of every joint action sum to zero (within `tolerance`). */
  isZeroSum(tolerance = 1e-12): boolean {
    for (let j = 0; j < this.numJoint; j++) {
      let total = 0;
      for (const table of this.payoffs) total += table[j] as number;
      if (Math.abs(total) > tolerance) return false;
    }
    return true;
  }

  /** Player i's payoffs as a matrix over (own action, the other player's action); two-player games only. */
  matrix(player: 0 | 1): number[][] {
    if (this.numPlayers !== 2) throw new InvalidArgumentError(`${this.name}.matrix: only two-player games have payoff matrices, this one has ${this.numPlayers} players`);
    const [m, k] = this.numActions as [number, number];
    const table = this.payoffs[player] as Float64Array;
    return Array.from({ length: m }, (_, a) => Array.from({ length: k }, (_, b) => table[a * k + b] as number));
  }

  /** Checks that `profile` holds one probability vector per player, of the right length; throws otherwise. */
  checkProfile(profile: Profile, where: string): void {
    if (profile.length !== this.numPlayers) throw new InvalidArgumentError(`${where}: needs one strategy per player (${this.numPlayers}), got ${profile.length}`);
    profile.forEach((x, i) => checkDistribution(`${where}: strategy of player ${i}`, x, this.numActions[i] as number));
  }
}

/** Tolerance within which a strategy or joint distribution must sum to 1. */
export const DISTRIBUTION_TOLERANCE = 1e-8;

/** Throws unless `x` is a probability vector of length `n` (entries in [0, 1], sum 1 within 1e-8). */
export function checkDistribution(name: string, x: ArrayLike<number>, n: number): void {
  if (x.length !== n) throw new InvalidArgumentError(`${name} must have ${n} entries, got ${x.length}`);
  let total = 0;
  for (let a = 0; a < n; a++) {
    const p = x[a] as number;
    if (!(p >= 0 && p <= 1)) throw new InvalidArgumentError(`${name}: entry ${a} = ${describeValue(p)} is not a probability in [0, 1]`);
    total += p;
  }
  if (Math.abs(total - 1) > DISTRIBUTION_TOLERANCE) throw new InvalidArgumentError(`${name} sums to ${total}; it must sum to 1 within ${DISTRIBUTION_TOLERANCE}`);
}

/** A two-player general-sum game from the row player's matrix A and the column player's matrix B (both maximise). */
export function bimatrixGame(A: ReadonlyArray<ReadonlyArray<number>>, B: ReadonlyArray<ReadonlyArray<number>>, name = 'BimatrixGame', actionNames?: ReadonlyArray<readonly string[]>): NormalFormGame {
  const m = A.length;
  const k = m === 0 ? 0 : (A[0] as readonly number[]).length;
  const flat = (M: ReadonlyArray<ReadonlyArray<number>>, label: string): number[] => {
    if (M.length !== m) throw new InvalidArgumentError(`${name}: ${label} must have ${m} rows, got ${M.length}`);
    M.forEach((row, i) => {
      if (row.length !== k) throw new InvalidArgumentError(`${name}: row ${i} of ${label} has ${row.length} entries, expected ${k}`);
    });
    return M.flatMap((row) => [...row]);
  };
  return new NormalFormGame({ numActions: [m, k], payoffs: [flat(A, 'A'), flat(B, 'B')], name, ...(actionNames ? { actionNames } : {}) });
}

/** The two-player zero-sum game in which the row player receives xᵀAy and the column player −xᵀAy. */
export function zeroSumGame(A: ReadonlyArray<ReadonlyArray<number>>, name = 'ZeroSumGame', actionNames?: ReadonlyArray<readonly string[]>): NormalFormGame {
  return bimatrixGame(A, A.map((row) => row.map((a) => -a)), name, actionNames);
}
