import * as tf from '@tensorflow/tfjs';
import type { GradientOracle } from './ascent-rule.js';
import { flatGradient, getFlat, setFlat } from './params.js';
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
 * current variables): ĝ = ∇Φ with the surrogate Φ(θ) = (1/N) Σ_t w_t log π_θ(a_t|s_t) + β·mean_t H(π_θ(·|s_t)),
 * and Hessian-vector products of the return.
 */
export class BatchOracle implements GradientOracle {
  readonly gradient: Float64Array;
  readonly value: number;
  private readonly point: Float64Array;

  constructor(
    private readonly policy: Policy,
    private readonly batch: EpisodeBatch,
    private readonly entropyCoef = 0,
    /** Radius of the finite difference in `hessianVector`, in parameter units. */
    private readonly hvpRadius = 1e-2,
  ) {
    this.point = getFlat(policy.variables);
    this.value = batch.value;
    this.gradient = this.surrogateGradient(batch.weights);
  }

  /**
   * ∇²J·u by the trajectory-Hessian estimator B(τ,θ)u = ∇Φ_τ·(∇log p_τ·u) + ∇²Φ_τ·u (Fatkhullin et al. 2023, eq. 7;
   * Shen et al. 2019). Ours: since B(τ,θ)u = (1/p_τ)·d/dε[p_τ(θ+εu)∇Φ_τ(θ+εu)], we take the central difference of
   * the importance-weighted surrogate gradient at θ ± εu/‖u‖ (two backward passes, no second-order autodiff),
   * then rescale by ‖u‖.
   */
  hessianVector(u: Float64Array): Float64Array {
    const n = norm(u);
    if (n === 0) return new Float64Array(u.length);
    const eps = this.hvpRadius;
    const base = this.logProbs(this.point);
    const at = (sign: number): Float64Array => {
      const theta = this.point.map((x, i) => x + (sign * eps * (u[i] as number)) / n);
      const logp = this.logProbs(theta);
      const logRatio = new Float64Array(this.batch.numEpisodes);
      for (let t = 0; t < logp.length; t++) {
        const e = this.batch.episode[t] as number;
        logRatio[e] = (logRatio[e] as number) + (logp[t] as number) - (base[t] as number);
      }
      const w = this.batch.weights.map((x, t) => x * Math.exp(logRatio[this.batch.episode[t] as number] as number));
      setFlat(this.policy.variables, theta);
      const g = this.surrogateGradient(w, false);
      setFlat(this.policy.variables, this.point);
      return g;
    };
    const plus = at(1);
    const minus = at(-1);
    return plus.map((x, i) => ((x - (minus[i] as number)) / (2 * eps)) * n);
  }

  private surrogateGradient(weights: Float64Array, withEntropy = true): Float64Array {
    const { obs, actions, numEpisodes } = this.batch;
    const rows = weights.length;
    const obsT = tf.tensor2d(obs.subarray(0, rows * this.policy.obsDim), [rows, this.policy.obsDim]);
    const actT = this.policy.actionTensor(actions, rows);
    const wT = tf.tensor1d(Float32Array.from(weights, (x) => x / numEpisodes));
    const beta = withEntropy ? this.entropyCoef : 0;
    const { grad } = flatGradient(this.policy.variables, () =>
      tf.tidy(() => {
        const pg = tf.sum(tf.mul(wT, this.policy.logProb(obsT, actT)));
        return (beta > 0 ? tf.add(pg, tf.mul(beta, tf.mean(this.policy.entropy(obsT)))) : pg) as tf.Scalar;
      }),
    );
    obsT.dispose();
    actT.dispose();
    wT.dispose();
    return grad;
  }

  private logProbs(theta: Float64Array): Float32Array {
    setFlat(this.policy.variables, theta);
    const rows = this.batch.weights.length;
    const out = tf.tidy(() => {
      const obsT = tf.tensor2d(this.batch.obs.subarray(0, rows * this.policy.obsDim), [rows, this.policy.obsDim]);
      return this.policy.logProb(obsT, this.policy.actionTensor(this.batch.actions, rows));
    });
    const data = out.dataSync() as Float32Array;
    out.dispose();
    setFlat(this.policy.variables, this.point);
    return data;
  }
}
