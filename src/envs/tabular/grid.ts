import { InvalidArgumentError, describeValue } from '../../core/errors.js';
import { TabularMDP } from './mdp.js';

/** A move on the grid. */
export type Direction = 'left' | 'down' | 'right' | 'up';

const DELTA: Readonly<Record<Direction, readonly [number, number]>> = { left: [0, -1], down: [1, 0], right: [0, 1], up: [-1, 0] };
const PERPENDICULAR: Readonly<Record<Direction, readonly [Direction, Direction]>> = {
  left: ['down', 'up'],
  right: ['down', 'up'],
  up: ['left', 'right'],
  down: ['left', 'right'],
};

/**
 * A grid map and its rules. Map cells: `S` start (μ0 is uniform over them), `F` or `.` free, `H` hole (terminal),
 * `G` goal (terminal), `C` cliff (entering it costs `cliffReward` and sends the agent back to a start cell),
 * `#` wall (moves into it, or off the grid, leave the agent where it is). State of cell (r, c) is `r * ncol + c`.
 */
export interface GridSpec {
  readonly map: readonly string[];
  /** Action index → direction, e.g. Gymnasium FrozenLake's `['left', 'down', 'right', 'up']`. */
  readonly actions: readonly Direction[];
  /** Probability of moving in one of the two perpendicular directions instead (split equally), in [0, 1]. */
  readonly slip: number;
  /**
   * Where a slip goes: `'perpendicular'` (default, FrozenLake's rule) or `'any'`, a uniformly random one of the four
   * neighbours (the intended one included).
   */
  readonly slipTo?: 'perpendicular' | 'any';
  /**
   * What entering a cliff does: `'teleport'` (default, Gymnasium's rule) sends the agent back to a start cell in the
   * same step; `'visit'` moves it into the cliff cell, whose next step (any action) returns it to a start cell at
   * reward 0, so a fall's reward never shares a next state with another outcome's.
   */
  readonly cliff?: 'teleport' | 'visit';
  /** Reward for entering a free or start cell. */
  readonly stepReward: number;
  readonly goalReward: number;
  readonly holeReward: number;
  readonly cliffReward: number;
  readonly gamma: number;
  readonly horizon?: number;
  readonly name: string;
}

const ALL_DIRECTIONS: readonly Direction[] = ['left', 'down', 'right', 'up'];

const CELLS = new Set(['S', 'F', '.', 'H', 'G', 'C', '#']);

/**
 * Builds the `TabularMDP` of a grid. When two outcomes of one (s, a) land on the same state with different rewards
 * (a slip into the cliff and a bump at the start), `Rsas` holds their probability-weighted mean: exact values are
 * unchanged, and a sampled step returns that mean.
 */
export function gridMDP(g: GridSpec): TabularMDP {
  const nrow = g.map.length;
  const ncol = g.map[0]?.length ?? 0;
  if (nrow === 0 || ncol === 0) throw new InvalidArgumentError(`${g.name}: map must be a non-empty list of equally long rows, got ${describeValue(g.map)}`);
  for (let r = 0; r < nrow; r++) {
    const row = g.map[r] as string;
    if (row.length !== ncol) throw new InvalidArgumentError(`${g.name}: map row ${r} has ${row.length} cells, row 0 has ${ncol}; rows must be equally long`);
    for (let c = 0; c < ncol; c++) {
      if (!CELLS.has(row[c] as string)) throw new InvalidArgumentError(`${g.name}: map cell (${r}, ${c}) is ${JSON.stringify(row[c])}; allowed: S F . H G C #`);
    }
  }
  if (!(g.slip >= 0 && g.slip <= 1)) throw new InvalidArgumentError(`${g.name}: slip must be in [0, 1], got ${describeValue(g.slip)}`);
  const cell = (s: number) => (g.map[Math.floor(s / ncol)] as string)[s % ncol] as string;
  const S = nrow * ncol;
  const A = g.actions.length;
  const starts: number[] = [];
  for (let s = 0; s < S; s++) if (cell(s) === 'S') starts.push(s);
  if (starts.length === 0) throw new InvalidArgumentError(`${g.name}: map has no start cell 'S'`);
  const P = new Float64Array(S * A * S);
  const PR = new Float64Array(S * A * S);
  const terminal = new Uint8Array(S);
  const move = (s: number, d: Direction): number => {
    const [dr, dc] = DELTA[d];
    const r = Math.floor(s / ncol) + dr;
    const c = (s % ncol) + dc;
    if (r < 0 || r >= nrow || c < 0 || c >= ncol) return s;
    const s2 = r * ncol + c;
    return cell(s2) === '#' ? s : s2;
  };
  const rewardOf = (kind: string) =>
    kind === 'G' ? g.goalReward : kind === 'H' ? g.holeReward : kind === 'C' ? g.cliffReward : g.stepReward;
  for (let s = 0; s < S; s++) {
    const kind = cell(s);
    terminal[s] = kind === 'G' || kind === 'H' ? 1 : 0;
    for (let a = 0; a < A; a++) {
      const row = (s * A + a) * S;
      if (kind === 'C' && g.cliff === 'visit') {
        for (const s0 of starts) P[row + s0] += 1 / starts.length;
        continue;
      }
      // Terminal, wall and teleporting cliff cells are absorbing (walls and such cliffs are never occupied).
      if (terminal[s] || kind === '#' || kind === 'C') {
        P[row + s] = 1;
        continue;
      }
      const d = g.actions[a] as Direction;
      const [p1, p2] = PERPENDICULAR[d];
      const outcomes: [Direction, number][] =
        g.slipTo === 'any'
          ? [[d, 1 - g.slip], ...ALL_DIRECTIONS.map((dir): [Direction, number] => [dir, g.slip / 4])]
          : [[d, 1 - g.slip], [p1, g.slip / 2], [p2, g.slip / 2]];
      for (const [dir, p] of outcomes) {
        if (p === 0) continue;
        const target = move(s, dir);
        const reward = rewardOf(cell(target));
        if (cell(target) === 'C' && g.cliff !== 'visit') {
          for (const s0 of starts) {
            P[row + s0] += p / starts.length;
            PR[row + s0] += (p / starts.length) * reward;
          }
        } else {
          P[row + target] += p;
          PR[row + target] += p * reward;
        }
      }
    }
  }
  const Rsas = new Float64Array(S * A * S);
  for (let i = 0; i < Rsas.length; i++) if ((P[i] as number) > 0) Rsas[i] = (PR[i] as number) / (P[i] as number);
  const mu0 = new Float64Array(S);
  for (const s0 of starts) mu0[s0] = 1 / starts.length;
  return new TabularMDP({ S, A, P, Rsas, gamma: g.gamma, mu0, terminal, name: g.name, ...(g.horizon !== undefined ? { horizon: g.horizon } : {}) });
}
