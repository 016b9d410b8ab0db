import { EigenvalueDecomposition, Matrix, SingularValueDecomposition } from 'ml-matrix';
import { InvalidArgumentError, describeValue } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { blockOffsets, type DifferentiableGame } from './differentiable-game.js';

/** An axis-aligned box lower ≤ x ≤ upper, the region a certificate holds on. */
export interface ParameterBox {
  readonly lower: ArrayLike<number>;
  readonly upper: ArrayLike<number>;
}

/** Block curvatures and couplings of a game on a box, and the Jacobians they were read from. */
export interface BlockBounds {
  /** μ_i: the smallest eigenvalue of sym(H_ii) over the sampled points (player i's own strong convexity). */
  readonly mu: Float64Array;
  /** L[i][j] (i ≠ j): the largest ‖H_ij‖₂ over the sampled points (how strongly x_j moves player i's gradient); 0 on the diagonal. */
  readonly L: Float64Array[];
  /** The Jacobians at the sampled points (for β, which depends on the weights). */
  readonly jacobians: readonly number[][][];
}

/** Options of {@link estimateBounds}. */
export interface EstimateOptions {
  /** Uniform random points besides the centre and (for d ≤ 10) the corners; default 64. */
  readonly samples?: number;
  readonly seed?: number;
}

/** The smallest eigenvalue of the symmetric part of a square matrix. */
export function minSymmetricEigenvalue(M: Matrix): number {
  const sym = M.clone().add(M.transpose()).mul(0.5);
  return Math.min(...new EigenvalueDecomposition(sym, { assumeSymmetric: true }).realEigenvalues);
}

/** The spectral norm ‖M‖₂ (largest singular value). */
export function spectralNorm(M: Matrix): number {
  return new SingularValueDecomposition(M, { computeLeftSingularVectors: false, computeRightSingularVectors: false }).norm2;
}

function checkBox(name: string, box: ParameterBox, dim: number): void {
  if (box.lower.length !== dim || box.upper.length !== dim) throw new InvalidArgumentError(`${name}: the box needs ${dim} lower and upper bounds, got ${box.lower.length} and ${box.upper.length}`);
  for (let k = 0; k < dim; k++) {
    if (!(Number.isFinite(box.lower[k]) && Number.isFinite(box.upper[k]) && (box.lower[k] as number) <= (box.upper[k] as number))) {
      throw new InvalidArgumentError(`${name}: box coordinate ${k} must have finite lower ≤ upper, got [${describeValue(box.lower[k])}, ${describeValue(box.upper[k])}]`);
    }
  }
}

/** The centre, the corners when d ≤ 10, and `samples` uniform points of the box. */
function boxPoints(box: ParameterBox, dim: number, samples: number, rng: Rng): Float64Array[] {
  const points = [Float64Array.from({ length: dim }, (_, k) => ((box.lower[k] as number) + (box.upper[k] as number)) / 2)];
  if (dim <= 10) {
    for (let mask = 0; mask < 1 << dim; mask++) points.push(Float64Array.from({ length: dim }, (_, k) => ((mask >> k) & 1 ? box.upper[k] : box.lower[k]) as number));
  }
  for (let s = 0; s < samples; s++) points.push(Float64Array.from({ length: dim }, (_, k) => rng.uniform(box.lower[k] as number, box.upper[k] as number)));
  return points;
}

/**
 * Estimates μ_i and L_ij on a box from the game's Jacobian at sampled points: exact for affine games (quadratic
 * costs), whose Jacobian is constant and read once at the centre; otherwise optimistic (μ from above, L from below), as sampling cannot see between points.
 */
export function estimateBounds(game: DifferentiableGame, box: ParameterBox, opts: EstimateOptions = {}): BlockBounds {
  const { dim, offsets } = blockOffsets(game.name, game.blocks);
  checkBox(`estimateBounds(${game.name})`, box, dim);
  const n = game.blocks.length;
  const mu = new Float64Array(n).fill(Infinity);
  const L = Array.from({ length: n }, () => new Float64Array(n));
  const jacobians: number[][][] = [];
  const points = boxPoints(box, dim, opts.samples ?? 64, new Rng(opts.seed ?? 0));
  for (const x of game.affine ? points.slice(0, 1) : points) {
    const Hx = game.jacobian(x);
    jacobians.push(Hx);
    const H = new Matrix(Hx);
    for (let i = 0; i < n; i++) {
      const ri = offsets[i] as number;
      const bi = game.blocks[i] as number;
      mu[i] = Math.min(mu[i] as number, minSymmetricEigenvalue(H.subMatrix(ri, ri + bi - 1, ri, ri + bi - 1)));
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const rj = offsets[j] as number;
        L[i]![j] = Math.max(L[i]![j] as number, spectralNorm(H.subMatrix(ri, ri + bi - 1, rj, rj + (game.blocks[j] as number) - 1)));
      }
    }
  }
  return { mu, L, jacobians };
}
