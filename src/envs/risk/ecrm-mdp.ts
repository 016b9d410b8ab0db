import { checkInRange } from '../../core/checks.js';
import { InvalidArgumentError, describeValue } from '../../core/errors.js';
import { dot, expectedReturn, valueIteration, type Solution, type SolverOptions } from '../tabular/exact.js';
import { TabularMDP } from '../tabular/mdp.js';

/** Options of `EcrmMDP`. */
export interface EcrmOptions {
  /** CVaR level α ∈ (0, 1]: the risk is the mean of the worst α-fraction of the next cost; default 0.1. */
  readonly alpha?: number;
  /** Weight λ ∈ [0, 1] of CVaR against the mean in each stage's risk; 0 is risk-neutral; default 0.5. */
  readonly lambda?: number;
  /**
   * The values η may take; default every distinct one-step cost c(s, a, s') of a possible transition, which makes
   * each stage's CVaR exact (its minimiser is a quantile of the next cost). With terminal states, 0 is added if
   * missing (after termination the cost is 0 and η = 0 carries no risk).
   */
  readonly etaGrid?: ArrayLike<number>;
}

/** Throws unless α ∈ (0, 1] and λ ∈ [0, 1]; `where` names the caller. */
export function checkEcrmLevels(where: string, alpha: number, lambda: number): void {
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha <= 1)) throw new InvalidArgumentError(`${where}: alpha must be in (0, 1], got ${describeValue(alpha)}`);
  checkInRange(`${where}: lambda`, lambda, 0, 1);
}

/**
 * The ECRM stage cost of one-step cost c when η_prev = `eta` was chosen one stage ahead:
 * (1−λ)c + λη + (λ/α)(c − η)⁺ (Yu & Ying 2023, the CVaR-based one-step risk); `undefined` marks the risk-neutral
 * first stage, whose cost is c.
 */
export function ecrmStageCost(c: number, eta: number | undefined, alpha: number, lambda: number): number {
  if (eta === undefined) return c;
  return (1 - lambda) * c + lambda * eta + (lambda / alpha) * Math.max(c - eta, 0);
}

/**
 * The expected conditional risk measure (ECRM) of Yu & Ying (ICML 2023) on a `TabularMDP`, as an ordinary MDP on
 * an augmented state. Costs are c = −r. Each stage after the first is valued by the one-step risk
 * ρ(Z) = (1−λ)E[Z] + λ·CVaR_α(Z), CVaR_α(Z) = min_η {η + E[(Z−η)⁺]/α}, with η chosen one stage ahead; the first
 * stage is risk-neutral. So the augmented state is (s, η_prev), the action (a, η), and the stage cost
 * (1−λ)c + λη_prev + (λ/α)(c − η_prev)⁺ (c at the first stage), discounted by the base MDP's γ.
 *
 * Indexing: augmented state `s*(K+1) + k` with k < K the grid index of η_prev and k = K the first stage; augmented
 * action `a*K + j`, η = grid[j]. `mdp` is the augmented `TabularMDP` (rewards −cost); it is also a sampled `Env`.
 * A terminal base state s moves to (s, η = 0) whatever the action, and that state is terminal.
 */
export class EcrmMDP {
  readonly base: TabularMDP;
  readonly alpha: number;
  readonly lambda: number;
  /** The η grid, sorted ascending, K values. */
  readonly eta: Float64Array;
  readonly K: number;
  /** The augmented MDP. */
  readonly mdp: TabularMDP;

  /** Builds the augmented MDP; throws `InvalidArgumentError` for α outside (0, 1], λ outside [0, 1] or an empty grid. */
  constructor(base: TabularMDP, opts: EcrmOptions = {}) {
    const alpha = opts.alpha ?? 0.1;
    const lambda = opts.lambda ?? 0.5;
    checkEcrmLevels('EcrmMDP', alpha, lambda);
    const { S, A, P } = base;
    const hasTerminal = base.terminal.some((t) => t === 1);
    let grid: number[];
    if (opts.etaGrid !== undefined) {
      if (opts.etaGrid.length === 0) throw new InvalidArgumentError('EcrmMDP: etaGrid must hold at least one value, got an empty grid');
      grid = Array.from(opts.etaGrid, Number);
      const bad = grid.findIndex((x) => !Number.isFinite(x));
      if (bad >= 0) throw new InvalidArgumentError(`EcrmMDP: etaGrid[${bad}] = ${describeValue(grid[bad])} must be finite`);
    } else {
      grid = [];
      for (let sa = 0; sa < S * A; sa++) {
        for (let s2 = 0; s2 < S; s2++) if ((P[sa * S + s2] as number) > 0) grid.push(0 - base.reward(Math.floor(sa / A), sa % A, s2));
      }
    }
    if (hasTerminal) grid.push(0);
    // Costs that differ by rounding only (means of equal rewards) are one value.
    const sorted = Float64Array.from(grid).sort();
    this.eta = sorted.filter((x, i) => i === 0 || x - (sorted[i - 1] as number) > 1e-9 * Math.max(1, Math.abs(x)));
    this.K = this.eta.length;
    this.base = base;
    this.alpha = alpha;
    this.lambda = lambda;
    this.mdp = this.augment();
  }

  /** The stage cost of one-step cost c with grid index k of η_prev (k = K: the risk-neutral first stage). */
  stageCost(c: number, k: number): number {
    return ecrmStageCost(c, k === this.K ? undefined : (this.eta[k] as number), this.alpha, this.lambda);
  }

  /** The augmented state of base state s with η_prev = grid[k] (k = K: first stage). */
  state(s: number, k: number): number {
    return s * (this.K + 1) + k;
  }

  /** The augmented action of base action a with η = grid[j]. */
  action(a: number, j: number): number {
    return a * this.K + j;
  }

  private augment(): TabularMDP {
    const { base, K } = this;
    const { S, A, P } = base;
    const SS = S * (K + 1);
    const AA = A * K;
    const Pa = new Float64Array(SS * AA * SS);
    const Ra = new Float64Array(SS * AA * SS);
    const mu0 = new Float64Array(SS);
    const terminal = new Uint8Array(SS);
    const zero = this.eta.indexOf(0);
    for (let s = 0; s < S; s++) {
      mu0[this.state(s, K)] = base.mu0[s] as number;
      if (base.terminal[s] === 1) terminal[this.state(s, zero)] = 1;
      for (let k = 0; k <= K; k++) {
        const x = this.state(s, k);
        for (let a = 0; a < A; a++) {
          for (let j = 0; j < K; j++) {
            const row = (x * AA + this.action(a, j)) * SS;
            if (base.terminal[s] === 1) {
              Pa[row + this.state(s, zero)] = 1;
              Ra[row + this.state(s, zero)] = -this.stageCost(0, k);
              continue;
            }
            for (let s2 = 0; s2 < S; s2++) {
              const p = P[(s * A + a) * S + s2] as number;
              if (p === 0) continue;
              Pa[row + this.state(s2, j)] = p;
              Ra[row + this.state(s2, j)] = -this.stageCost(-base.reward(s, a, s2), k);
            }
          }
        }
      }
    }
    return new TabularMDP({
      S: SS,
      A: AA,
      P: Pa,
      Rsas: Ra,
      gamma: base.gamma,
      mu0,
      terminal,
      name: `ECRM(${base.name}, alpha=${this.alpha}, lambda=${this.lambda}, K=${K})`,
      ...(base.horizon !== undefined ? { horizon: base.horizon } : {}),
    });
  }

  /**
   * The augmented policy that plays base policy `pi` (S·A) and picks η = grid[etaIndex[s]] in base state s
   * (default the first grid value): the lift of a risk-neutral policy.
   */
  lift(pi: ArrayLike<number>, etaIndex?: ArrayLike<number>): Float64Array {
    const { S, A } = this.base;
    if (pi.length !== S * A) throw new InvalidArgumentError(`EcrmMDP.lift: pi must have S·A = ${S * A} entries, got ${pi.length}`);
    const out = new Float64Array(this.mdp.S * this.mdp.A);
    for (let s = 0; s < S; s++) {
      const j = etaIndex === undefined ? 0 : (etaIndex[s] as number);
      for (let k = 0; k <= this.K; k++) for (let a = 0; a < A; a++) out[this.state(s, k) * this.mdp.A + this.action(a, j)] = pi[s * A + a] as number;
    }
    return out;
  }

  /** The base-action marginal of an augmented policy table in augmented state (s, k): π(a | s, k) summed over η. */
  actionMarginal(piAug: Float64Array, s: number, k: number): Float64Array {
    const { A } = this.base;
    const out = new Float64Array(A);
    const x = this.state(s, k);
    for (let a = 0; a < A; a++) for (let j = 0; j < this.K; j++) out[a] = (out[a] as number) + (piAug[x * this.mdp.A + this.action(a, j)] as number);
    return out;
  }
}

/** The exact ECRM cost of an augmented policy table: −μ0ᵀV^π on the augmented MDP (a linear solve). */
export function ecrmValue(e: EcrmMDP, piAug: Float64Array): number {
  return -expectedReturn(e.mdp, piAug);
}

/** The optimal ECRM cost and a deterministic optimal augmented policy, by value iteration on the augmented MDP. */
export function ecrmOptimum(e: EcrmMDP, opts: SolverOptions = {}): Solution & { readonly value: number } {
  const sol = valueIteration(e.mdp, { tolerance: opts.tolerance ?? 1e-10, ...(opts.maxIterations !== undefined ? { maxIterations: opts.maxIterations } : {}) });
  return { ...sol, value: -dot(e.mdp.mu0, sol.V) };
}
