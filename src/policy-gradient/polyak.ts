import { InvalidArgumentError, describeValue } from '../core/errors.js';
import { norm } from './vector.js';

/** Options of the Polyak step size. */
export interface PolyakOptions {
  /** The constant c of γ = (V* − V̂)/(c‖ĝ‖²); the paper uses c ≥ 1/2. Default 0.5. */
  readonly c?: number;
  /** The cap γ_max on the step. */
  readonly maxStep: number;
}

/**
 * The stochastic Polyak step size for gradient ascent on V (Li et al. 2024, eq. 5, after Loizou et al. 2021):
 * γ_k = min{ (V* − V̂_k) / (c‖ĝ_k‖²), γ_max }. A gap V* − V̂ ≤ 0 (the estimate already at the optimum) or a zero
 * gradient gives a zero step (our choice: the formula has no ascent direction there).
 */
export function polyakStepSize(vStar: number, vHat: number, grad: ArrayLike<number>, opts: PolyakOptions): number {
  const c = opts.c ?? 0.5;
  if (!(c > 0)) throw new InvalidArgumentError(`Polyak c must be > 0, got ${describeValue(c)}`);
  if (!(opts.maxStep > 0)) throw new InvalidArgumentError(`Polyak maxStep must be > 0, got ${describeValue(opts.maxStep)}`);
  if (!Number.isFinite(vStar) || !Number.isFinite(vHat)) {
    throw new InvalidArgumentError(`Polyak values must be finite, got V* = ${describeValue(vStar)}, V̂ = ${describeValue(vHat)}`);
  }
  const g2 = norm(grad) ** 2;
  const gap = vStar - vHat;
  if (!(gap > 0) || g2 === 0) return 0;
  return Math.min(gap / (c * g2), opts.maxStep);
}

/**
 * The stand-in for an unknown V* of the twin-policy scheme (Li et al. 2024, Sec. 4): two policies train side by side
 * and the best batch return either has reached stands in for the optimum. Ours where the paper leaves it open: the
 * estimate is that best value plus `margin`·max(1, |best|), so the leading twin still takes a step.
 */
export class TwinOptimumEstimate {
  private best = -Infinity;

  /** `margin` ≥ 0 lifts the estimate above the best value seen. */
  constructor(readonly margin = 0.1) {
    if (!(margin >= 0)) throw new InvalidArgumentError(`TwinOptimumEstimate margin must be ≥ 0, got ${describeValue(margin)}`);
  }

  /** Records a twin's batch value estimate V̂. */
  observe(value: number): void {
    if (Number.isFinite(value) && value > this.best) this.best = value;
  }

  /** The current V* estimate (−Infinity before the first observation). */
  get value(): number {
    return this.best + this.margin * Math.max(1, Math.abs(this.best));
  }

  /** The best value observed, for saving. */
  get bestSeen(): number {
    return this.best;
  }

  /** Restores the best value observed (from `bestSeen`). */
  restore(best: number): void {
    this.best = best;
  }
}
