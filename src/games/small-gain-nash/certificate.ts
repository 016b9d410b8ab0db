import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { InvalidArgumentError, describeValue } from '../../core/errors.js';
import { estimateBounds, minSymmetricEigenvalue, spectralNorm, type BlockBounds, type ParameterBox, type EstimateOptions } from './bounds.js';
import type { DifferentiableGame } from './differentiable-game.js';

function checkWeights(w: ArrayLike<number>, n: number): void {
  if (w.length !== n) throw new InvalidArgumentError(`SGN: needs one weight per player (${n}), got ${w.length}`);
  for (let i = 0; i < n; i++) if (!((w[i] as number) > 0 && Number.isFinite(w[i]))) throw new InvalidArgumentError(`SGN: weight ${i} must be positive and finite, got ${describeValue(w[i])}`);
}

/** The SGN matrix C(w): C_ii = 2w_iμ_i, C_ij = −(w_iL_ij + w_jL_ji). */
export function sgnMatrix(mu: ArrayLike<number>, L: ReadonlyArray<ArrayLike<number>>, w: ArrayLike<number>): number[][] {
  const n = mu.length;
  checkWeights(w, n);
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 2 * (w[i] as number) * (mu[i] as number) : -((w[i] as number) * (L[i]![j] as number) + (w[j] as number) * (L[j]![i] as number)))),
  );
}

/**
 * The SGN margin α*(w) = ½λ_min(D^{-1/2} C(w) D^{-1/2}), D = diag(w): the strong-monotonicity modulus of F in the
 * metric M(w) = diag(w_i I); positive means the pseudo-gradient flow contracts there at rate α*.
 */
export function sgnMargin(mu: ArrayLike<number>, L: ReadonlyArray<ArrayLike<number>>, w: ArrayLike<number>): number {
  const C = sgnMatrix(mu, L, w);
  const scaled = new Matrix(C.map((row, i) => row.map((c, j) => c / Math.sqrt((w[i] as number) * (w[j] as number)))));
  return 0.5 * Math.min(...new EigenvalueDecomposition(scaled, { assumeSymmetric: true }).realEigenvalues);
}

/** β(w) = max over the sampled Jacobians of ‖M^{1/2} H M^{-1/2}‖₂: the Lipschitz constant of F in the metric M(w). */
export function metricLipschitz(jacobians: readonly number[][][], blocks: readonly number[], w: ArrayLike<number>): number {
  checkWeights(w, blocks.length);
  const scale = blocks.flatMap((b, i) => new Array<number>(b).fill(Math.sqrt(w[i] as number)));
  let beta = 0;
  for (const H of jacobians) beta = Math.max(beta, spectralNorm(new Matrix(H.map((row, r) => row.map((h, k) => ((scale[r] as number) * h) / (scale[k] as number))))));
  return beta;
}

/** Safe step sizes from margin α and Lipschitz constant β: projected Euler h < 2α/β², RK4 h ≤ 2.5/β. */
export function stepBounds(alpha: number, beta: number): { readonly euler: number; readonly rk4: number } {
  return { euler: (2 * alpha) / (beta * beta), rk4: 2.5 / beta };
}

/** Per-step contraction factor of projected Euler with step h in the metric M: √(1 − 2hα + h²β²) (< 1 iff h < 2α/β²). */
export function eulerContractionFactor(alpha: number, beta: number, h: number): number {
  return Math.sqrt(Math.max(0, 1 - 2 * h * alpha + h * h * beta * beta));
}

/** The two-player timescale band: the ratios r = w2/w1 with α*(w) > 0, and the ratio that maximises α*. */
export interface TimescaleBand {
  readonly lower: number;
  readonly upper: number;
  /** r* = L12/L21, where L12/√r + L21√r (the scaled coupling) is smallest. */
  readonly best: number;
}

/**
 * The closed-form band for two players. With r = w2/w1 the scaled matrix is [[2μ1, −c], [−c, 2μ2]],
 * c = L12/√r + L21√r, positive definite iff c < 2√(μ1μ2); with s = √r that is L21s² − 2√(μ1μ2)s + L12 < 0, so
 * s ∈ ((√(μ1μ2) ∓ √(μ1μ2 − L12L21))/L21). Undefined when μ1μ2 ≤ L12L21 or a μ_i ≤ 0 (no weights certify).
 */
export function timescaleBand(mu: ArrayLike<number>, L: ReadonlyArray<ArrayLike<number>>): TimescaleBand | undefined {
  if (mu.length !== 2) throw new InvalidArgumentError(`timescaleBand: the closed form is for two players, got ${mu.length}`);
  const [m1, m2] = [mu[0] as number, mu[1] as number];
  const [l12, l21] = [L[0]![1] as number, L[1]![0] as number];
  if (!(m1 > 0 && m2 > 0) || m1 * m2 <= l12 * l21) return undefined;
  const g = Math.sqrt(m1 * m2);
  if (l21 === 0) return { lower: (l12 * l12) / (4 * m1 * m2), upper: Infinity, best: Infinity };
  const root = Math.sqrt(m1 * m2 - l12 * l21);
  const sLow = (g - root) / l21;
  const sHigh = (g + root) / l21;
  return { lower: sLow * sLow, upper: sHigh * sHigh, best: l12 / l21 };
}

/** Options of {@link optimizeWeights}. */
export interface WeightSearchOptions {
  /** Search range of log w_i (w_0 fixed at 1); default ±20. */
  readonly logRange?: number;
  /** Coordinate sweeps; default 30. */
  readonly sweeps?: number;
}

/**
 * Weights that maximise α*(w) (scale-free, so w_0 = 1). Two players with both couplings positive: the closed form
 * w = (1, L12/L21). Otherwise a coordinate search over log w_i: a grid over ±logRange, then ever finer grids around
 * the best point.
 */
export function optimizeWeights(mu: ArrayLike<number>, L: ReadonlyArray<ArrayLike<number>>, opts: WeightSearchOptions = {}): Float64Array {
  const n = mu.length;
  if (n === 2 && (L[0]![1] as number) > 0 && (L[1]![0] as number) > 0) return Float64Array.of(1, (L[0]![1] as number) / (L[1]![0] as number));
  const range = opts.logRange ?? 20;
  const logW = new Float64Array(n);
  const margin = (lw: Float64Array): number => sgnMargin(mu, L, lw.map(Math.exp));
  let span = range;
  const points = 41;
  for (let sweep = 0; sweep < (opts.sweeps ?? 30); sweep++) {
    for (let i = 1; i < n; i++) {
      const centre = logW[i] as number;
      let bestValue = margin(logW);
      let best = centre;
      for (let k = 0; k < points; k++) {
        logW[i] = Math.max(-range, Math.min(range, centre - span + (2 * span * k) / (points - 1)));
        const v = margin(logW);
        if (v > bestValue) {
          bestValue = v;
          best = logW[i] as number;
        }
      }
      logW[i] = best;
    }
    span /= 4;
  }
  return logW.map(Math.exp);
}

/** A Small-Gain Nash certificate, or why there is none. */
export type SgnCertificate =
  | {
      readonly certified: true;
      /** The block weights w (w_0 = 1) of the metric M(w) = diag(w_i I). */
      readonly weights: Float64Array;
      /** α*(w) > 0. */
      readonly margin: number;
      /** Exponential contraction rate of the continuous flow in ‖·‖_M: ‖x(t) − x*‖_M ≤ e^{−rate·t}‖x(0) − x*‖_M (= α*). */
      readonly rate: number;
      readonly beta: number;
      /** Safe step sizes: projected Euler h < euler, RK4 h ≤ rk4. */
      readonly steps: { readonly euler: number; readonly rk4: number };
      /** α*(1, …, 1): the Euclidean margin. */
      readonly euclideanMargin: number;
      readonly bounds: BlockBounds;
    }
  | { readonly certified: false; readonly reason: string; readonly weights: Float64Array; readonly margin: number; readonly euclideanMargin: number; readonly bounds: BlockBounds };

/**
 * The SGN certificate of `game` on `box`: estimate μ and L from the Jacobian, optimise the weights, and return the
 * metric, margin, rate and safe step sizes, or the reason no certificate exists (a player's own curvature μ_i ≤ 0,
 * or no weights make α* positive).
 */
export function sgnCertificate(game: DifferentiableGame, box: ParameterBox, opts: EstimateOptions & WeightSearchOptions = {}): SgnCertificate {
  const bounds = estimateBounds(game, box, opts);
  const n = game.blocks.length;
  const ones = new Float64Array(n).fill(1);
  const euclideanMargin = sgnMargin(bounds.mu, bounds.L, ones);
  const weak = Array.from(bounds.mu).findIndex((m) => !(m > 0));
  if (weak >= 0) {
    return { certified: false, reason: `player ${weak}'s own cost is not strongly convex on the box: μ_${weak} = ${bounds.mu[weak]} ≤ 0`, weights: ones, margin: euclideanMargin, euclideanMargin, bounds };
  }
  const weights = optimizeWeights(bounds.mu, bounds.L, opts);
  const margin = sgnMargin(bounds.mu, bounds.L, weights);
  if (!(margin > 0)) {
    return { certified: false, reason: `the small-gain condition fails: the best margin found is α* = ${margin} ≤ 0 (couplings too strong for the curvatures)`, weights, margin, euclideanMargin, bounds };
  }
  const beta = metricLipschitz(bounds.jacobians, game.blocks, weights);
  return { certified: true, weights, margin, rate: margin, beta, steps: stepBounds(margin, beta), euclideanMargin, bounds };
}

/** λ_min of sym(H) at a point: the Euclidean monotonicity modulus (negative: F is not monotone there). */
export function euclideanMonotonicity(game: DifferentiableGame, x: ArrayLike<number>): number {
  return minSymmetricEigenvalue(new Matrix(game.jacobian(x)));
}
