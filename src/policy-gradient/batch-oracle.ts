import * as tf from '@tensorflow/tfjs';
import type { GradientOracle } from './ascent-rule.js';
import { flatGradient, setFlat } from './params.js';
import type { Policy } from './policy.js';
import { norm } from './vector.js';

/** A batch of complete episodes sampled at one parameter point, as flat rows. */
export interface EpisodeBatch {
  readonly obs: Float32Array;
  readonly actions: ArrayLike<number>;
  /** Episode index of each row (0..numEpisodes−1). */
  readonly episode: Int32Array;
  readonly numEpisodes: number;
  /** Per-step weights w_t of the score-function estimator (return-to-go minus baseline, ...). */
  readonly weights: Float64Array;
  /** The batch's value estimate V̂ (mean discounted episode return). */
  readonly value: number;
}

/**
 * The estimates an ascent rule needs from one batch, measured at the point the batch was sampled (the policy's
 * current variables `point`): ĝ = ∇Φ with the surrogate Φ(θ) = (1/N) Σ_t w_t log π_θ(a_t|s_t) + β·mean_t H(π_θ(·|s_t)),
 * and Hessian-vector products of the return. Every read of a tensor is asynchronous; build one with `measure`.
 */
export class BatchOracle implements GradientOracle {
  readonly value: number;

  private constructor(
    private readonly policy: Policy,
    private readonly batch: EpisodeBatch,
    private readonly point: Float64Array,
    readonly gradient: Float64Array,
    /** Radius of the finite difference in `hessianVector`, in parameter units. */
    private readonly hvpRadius: number,
  ) {
    this.value = batch.value;
  }

  /** The oracle of `batch`, sampled at `point` (the policy's variables now): its gradient is read here. */
  static async measure(policy: Policy, batch: EpisodeBatch, point: Float64Array, entCoef = 0, hvpRadius = 1e-2): Promise<BatchOracle> {
    const gradient = await surrogateGradient(policy, batch, batch.weights, entCoef);
    return new BatchOracle(policy, batch, point, gradient, hvpRadius);
  }

  /**
   * ∇²J·u by the trajectory-Hessian estimator B(τ,θ)u = ∇Φ_τ·(∇log p_τ·u) + ∇²Φ_τ·u (Fatkhullin et al. 2023, eq. 7;
   * Shen et al. 2019). Ours: since B(τ,θ)u = (1/p_τ)·d/dε[p_τ(θ+εu)∇Φ_τ(θ+εu)], we take the central difference of
   * the importance-weighted surrogate gradient at θ ± εu/‖u‖ (two backward passes, no second-order autodiff),
   * then rescale by ‖u‖.
   */
  async hessianVector(u: Float64Array): Promise<Float64Array> {
    const n = norm(u);
    if (n === 0) return new Float64Array(u.length);
    const eps = this.hvpRadius;
    const base = await this.logProbs(this.point);
    const at = async (sign: number): Promise<Float64Array> => {
      const theta = this.point.map((x, i) => x + (sign * eps * (u[i] as number)) / n);
      const logp = await this.logProbs(theta);
      const logRatio = new Float64Array(this.batch.numEpisodes);
      for (let t = 0; t < logp.length; t++) {
        const e = this.batch.episode[t] as number;
        logRatio[e] = (logRatio[e] as number) + (logp[t] as number) - (base[t] as number);
      }
      const w = this.batch.weights.map((x, t) => x * Math.exp(logRatio[this.batch.episode[t] as number] as number));
      setFlat(this.policy.variables, theta);
      const g = await surrogateGradient(this.policy, this.batch, w, 0);
      setFlat(this.policy.variables, this.point);
      return g;
    };
    const plus = await at(1);
    const minus = await at(-1);
    return plus.map((x, i) => ((x - (minus[i] as number)) / (2 * eps)) * n);
  }

  /** log π_θ(a_t|s_t) of every row at `theta`; the variables are back at the sample point when it resolves. */
  private async logProbs(theta: Float64Array): Promise<Float32Array> {
    setFlat(this.policy.variables, theta);
    const rows = this.batch.weights.length;
    const out = tf.tidy(() => {
      const obsT = tf.tensor2d(this.batch.obs.subarray(0, rows * this.policy.obsDim), [rows, this.policy.obsDim]);
      return this.policy.logProb(obsT, this.policy.actionTensor(this.batch.actions, rows));
    });
    try {
      return (await out.data()) as Float32Array;
    } finally {
      out.dispose();
      setFlat(this.policy.variables, this.point);
    }
  }
}

/** ∇ of (1/N) Σ_t w_t log π(a_t|s_t) + β·mean_t H(π(·|s_t)) at the policy's variables, read asynchronously. */
async function surrogateGradient(policy: Policy, batch: EpisodeBatch, weights: Float64Array, beta: number): Promise<Float64Array> {
  const { obs, actions, numEpisodes } = batch;
  const rows = weights.length;
  const obsT = tf.tensor2d(obs.subarray(0, rows * policy.obsDim), [rows, policy.obsDim]);
  const actT = policy.actionTensor(actions, rows);
  const wT = tf.tensor1d(Float32Array.from(weights, (x) => x / numEpisodes));
  try {
    const { grad } = await flatGradient(policy.variables, () =>
      tf.tidy(() => {
        const pg = tf.sum(tf.mul(wT, policy.logProb(obsT, actT)));
        return (beta > 0 ? tf.add(pg, tf.mul(beta, tf.mean(policy.entropy(obsT)))) : pg) as tf.Scalar;
      }),
    );
    return grad;
  } finally {
    tf.dispose([obsT, actT, wT]);
  }
}
