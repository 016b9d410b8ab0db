import { Matrix, solve } from 'ml-matrix';
import { checkInteger, checkLength } from '../core/checks.js';
import { checkPositive } from './ascent-rule.js';
import { vectorFromJson, vectorToJson } from './vector.js';

/** Observations are clipped to ±this before they become features (garage's bounds). */
const CLIP = 10;
/** Times of retry with a 10× larger ridge term when the solve gives NaN (garage tries 5 times). */
const TRIES = 5;

/**
 * garage's `LinearFeatureBaseline` (the baseline of Fatkhullin et al.'s released code): b(s_t, t) = φ(s_t, t)·c with
 * φ = [clip(s, ±10), clip(s, ±10)², t/100, (t/100)², (t/100)³, 1], t the step index within its episode, and c the
 * ridge least-squares fit (ΦᵀΦ + λI)c = Φᵀy of the discounted returns-to-go y, λ = `regCoeff` (garage: 1e-5,
 * multiplied by 10 and retried when the solve gives NaN). Predicts 0 before the first fit.
 */
export class LinearFeatureBaseline {
  /** Feature count: two per observation entry and four for time and the constant. */
  readonly featureCount: number;
  private coeffs: Float64Array | null = null;

  constructor(
    readonly obsDim: number,
    readonly regCoeff = 1e-5,
  ) {
    checkInteger('LinearFeatureBaseline: obsDim', obsDim);
    checkPositive('LinearFeatureBaseline: regCoeff', regCoeff);
    this.featureCount = 2 * obsDim + 4;
  }

  /** The fitted coefficients c (null before the first fit). */
  get coefficients(): Float64Array | null {
    return this.coeffs;
  }

  /** The feature rows φ(s_t, t) of a flat rollout (`ends[t] = 1` closes an episode after step t), row-major. */
  features(obs: Float32Array, ends: ArrayLike<number>): Float64Array {
    const n = ends.length;
    checkLength('LinearFeatureBaseline observations', obs.subarray(0, n * this.obsDim), n * this.obsDim);
    const d = this.obsDim;
    const k = this.featureCount;
    const out = new Float64Array(n * k);
    for (let row = 0, t = 0; row < n; row++) {
      const f = row * k;
      for (let j = 0; j < d; j++) {
        const o = Math.min(CLIP, Math.max(-CLIP, obs[row * d + j] as number));
        out[f + j] = o;
        out[f + d + j] = o * o;
      }
      const a = t / 100;
      out[f + 2 * d] = a;
      out[f + 2 * d + 1] = a * a;
      out[f + 2 * d + 2] = a * a * a;
      out[f + 2 * d + 3] = 1;
      t = ends[row] ? 0 : t + 1;
    }
    return out;
  }

  /** b(s_t, t) for each row of a flat rollout (zeros before the first fit). */
  predict(obs: Float32Array, ends: ArrayLike<number>): Float64Array {
    const n = ends.length;
    const c = this.coeffs;
    if (!c) return new Float64Array(n);
    const phi = this.features(obs, ends);
    const k = this.featureCount;
    const out = new Float64Array(n);
    for (let row = 0; row < n; row++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += (phi[row * k + j] as number) * (c[j] as number);
      out[row] = s;
    }
    return out;
  }

  /** Refits c on a batch: the rows' features against `targets` (the discounted returns-to-go). */
  fit(obs: Float32Array, ends: ArrayLike<number>, targets: ArrayLike<number>): void {
    const n = ends.length;
    checkLength('LinearFeatureBaseline targets', targets, n);
    const phi = this.features(obs, ends);
    const k = this.featureCount;
    const gram = Matrix.zeros(k, k);
    const rhs = Matrix.zeros(k, 1);
    for (let row = 0; row < n; row++) {
      const y = targets[row] as number;
      for (let i = 0; i < k; i++) {
        const fi = phi[row * k + i] as number;
        rhs.set(i, 0, rhs.get(i, 0) + fi * y);
        for (let j = i; j < k; j++) gram.set(i, j, gram.get(i, j) + fi * (phi[row * k + j] as number));
      }
    }
    for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) gram.set(i, j, gram.get(j, i));
    let reg = this.regCoeff;
    for (let attempt = 0; attempt < TRIES; attempt++) {
      const a = gram.clone();
      for (let i = 0; i < k; i++) a.set(i, i, a.get(i, i) + reg);
      // SVD solve: least squares like numpy's lstsq, which garage calls.
      const c = Float64Array.from(solve(a, rhs, true).getColumn(0));
      this.coeffs = c;
      if (!c.some(Number.isNaN)) return;
      reg *= 10;
    }
  }

  /** The coefficients as JSON, for a checkpoint. */
  getState(): number[] | null {
    return vectorToJson(this.coeffs);
  }

  /** Restores coefficients taken by `getState`. */
  setState(state: unknown): void {
    this.coeffs = vectorFromJson(state);
  }
}
