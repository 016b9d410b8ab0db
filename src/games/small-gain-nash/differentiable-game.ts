import { InvalidArgumentError, describeValue } from '../../core/errors.js';

/**
 * A differentiable n-player game: player i controls the block x_i (`blocks[i]` coordinates, blocks laid out in
 * order) and minimises its own cost f_i(x). The pseudo-gradient is F(x) = (∇_{x_1} f_1, …, ∇_{x_n} f_n) and the game
 * Jacobian H(x) = DF(x), whose (i, j) block is ∇_{x_j}∇_{x_i} f_i.
 */
export interface DifferentiableGame {
  readonly name: string;
  /** Dimension of each player's block. */
  readonly blocks: readonly number[];
  /** F(x), length Σ blocks. */
  pseudoGradient(x: ArrayLike<number>): Float64Array;
  /** H(x) = DF(x), a dense d×d matrix (row k: the gradient of F_k). */
  jacobian(x: ArrayLike<number>): number[][];
  /** True when F is affine (H constant), so one Jacobian gives exact bounds on any region. */
  readonly affine?: boolean;
}

/** Total dimension and the first coordinate of each block; throws unless every block is a positive integer. */
export function blockOffsets(name: string, blocks: readonly number[]): { readonly dim: number; readonly offsets: readonly number[] } {
  if (blocks.length < 1) throw new InvalidArgumentError(`${name}: needs at least one player block`);
  const offsets: number[] = [];
  let dim = 0;
  blocks.forEach((b, i) => {
    if (!Number.isInteger(b) || b < 1) throw new InvalidArgumentError(`${name}: block ${i} must be a positive integer dimension, got ${describeValue(b)}`);
    offsets.push(dim);
    dim += b;
  });
  return { dim, offsets };
}

/** One player's quadratic cost f_i(x) = ½xᵀQx + bᵀx over the whole joint vector x (Q symmetric d×d, b optional). */
export interface QuadraticCost {
  readonly Q: ReadonlyArray<ReadonlyArray<number>>;
  readonly b?: ArrayLike<number>;
}

/**
 * A quadratic game: player i's cost is ½xᵀQ_i x + b_iᵀx. Its pseudo-gradient is affine, F(x) = Hx + c, with H's
 * block row i the block row i of Q_i (exact, no differentiation needed).
 */
export function quadraticGame(blocks: readonly number[], costs: readonly QuadraticCost[], name = 'QuadraticGame'): DifferentiableGame {
  const { dim, offsets } = blockOffsets(name, blocks);
  if (costs.length !== blocks.length) throw new InvalidArgumentError(`${name}: needs one cost per player (${blocks.length}), got ${costs.length}`);
  const H: number[][] = [];
  const c: number[] = [];
  costs.forEach((cost, i) => {
    if (cost.Q.length !== dim || cost.Q.some((row) => row.length !== dim)) throw new InvalidArgumentError(`${name}: Q of player ${i} must be ${dim}×${dim}`);
    if (cost.b !== undefined && cost.b.length !== dim) throw new InvalidArgumentError(`${name}: b of player ${i} must have ${dim} entries, got ${cost.b.length}`);
    for (let r = 0; r < dim; r++) {
      for (let k = 0; k < dim; k++) {
        if (!Number.isFinite(cost.Q[r]![k]) || Math.abs((cost.Q[r]![k] as number) - (cost.Q[k]![r] as number)) > 1e-12) {
          throw new InvalidArgumentError(`${name}: Q of player ${i} must be finite and symmetric; entry (${r}, ${k}) is ${describeValue(cost.Q[r]![k])}, (${k}, ${r}) is ${describeValue(cost.Q[k]![r])}`);
        }
      }
    }
    for (let r = offsets[i] as number; r < (offsets[i] as number) + (blocks[i] as number); r++) {
      H.push([...(cost.Q[r] as readonly number[])]);
      c.push(cost.b === undefined ? 0 : (cost.b[r] as number));
    }
  });
  return {
    name,
    blocks: [...blocks],
    pseudoGradient(x) {
      return Float64Array.from(H, (row, r) => row.reduce((s, h, k) => s + h * (x[k] as number), c[r] as number));
    },
    jacobian() {
      return H.map((row) => [...row]);
    },
    affine: true,
  };
}
