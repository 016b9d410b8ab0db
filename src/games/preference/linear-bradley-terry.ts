import { Matrix, solve } from 'ml-matrix';
import { InvalidArgumentError, describeValue } from '../../core/errors.js';

/** One labelled comparison of two feature vectors: `label` = 1 when a was preferred, 0 when b was (or a probability). */
export interface FeatureComparison {
  readonly a: ArrayLike<number>;
  readonly b: ArrayLike<number>;
  readonly label: number;
}

/** Options of `fitLinearBradleyTerry`. */
export interface LinearBradleyTerryOptions {
  /** Weight λ of the ridge penalty ½λ‖φ‖², which keeps separable data finite (default 1). */
  readonly ridge?: number;
  /** Newton iterations at most (default 25), from `init` (default 0). */
  readonly maxIterations?: number;
  readonly init?: ArrayLike<number>;
  /** Stop when the Newton step's largest entry is below this (default 1e-8). */
  readonly tolerance?: number;
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/**
 * A Bradley–Terry reward that is linear in features, R(x) = φ·Φ(x), fitted by penalised maximum likelihood of
 * P(a ≻ b) = σ(φ·(Φ(a) − Φ(b))) by Newton's method: logistic regression on feature differences, as the reward models
 * of RLHF (Christiano et al. 2017) are fitted.
 */
export function fitLinearBradleyTerry(dim: number, data: readonly FeatureComparison[], opts: LinearBradleyTerryOptions = {}): Float64Array {
  if (!Number.isInteger(dim) || dim < 1) throw new InvalidArgumentError(`fitLinearBradleyTerry: dim must be an integer >= 1, got ${describeValue(dim)}`);
  const ridge = opts.ridge ?? 1;
  if (!(ridge > 0)) throw new InvalidArgumentError(`fitLinearBradleyTerry: ridge must be > 0, got ${describeValue(ridge)}`);
  const diffs = data.map(({ a, b, label }, k) => {
    if (a.length !== dim || b.length !== dim) throw new InvalidArgumentError(`fitLinearBradleyTerry: comparison ${k} has features of length ${a.length} and ${b.length}, expected ${dim}`);
    if (!(label >= 0 && label <= 1)) throw new InvalidArgumentError(`fitLinearBradleyTerry: comparison ${k} label must be in [0, 1], got ${describeValue(label)}`);
    return Float64Array.from({ length: dim }, (_, i) => (a[i] as number) - (b[i] as number));
  });
  const phi = opts.init === undefined ? new Float64Array(dim) : Float64Array.from(opts.init);
  const maxIterations = opts.maxIterations ?? 25;
  const tolerance = opts.tolerance ?? 1e-8;
  for (let it = 0; it < maxIterations; it++) {
    // Gradient g and negative Hessian H of the penalised log-likelihood.
    const g = new Float64Array(dim);
    const H = Matrix.eye(dim, dim).mul(ridge);
    for (let i = 0; i < dim; i++) g[i] = -ridge * phi[i]!;
    diffs.forEach((d, k) => {
      let z = 0;
      for (let i = 0; i < dim; i++) z += phi[i]! * d[i]!;
      const p = sigmoid(z);
      const w = p * (1 - p);
      const r = data[k]!.label - p;
      for (let i = 0; i < dim; i++) {
        g[i]! += r * d[i]!;
        for (let j = 0; j < dim; j++) H.set(i, j, H.get(i, j) + w * d[i]! * d[j]!);
      }
    });
    const step = solve(H, Matrix.columnVector(Array.from(g))).to1DArray();
    let largest = 0;
    for (let i = 0; i < dim; i++) {
      phi[i]! += step[i]!;
      largest = Math.max(largest, Math.abs(step[i]!));
    }
    if (largest < tolerance) break;
  }
  return phi;
}
