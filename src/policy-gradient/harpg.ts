import { checkInteger } from '../core/checks.js';
import type { Rng, RngState } from '../core/rng.js';
import { checkPositive, type GradientOracle, type RuleState } from './ascent-rule.js';
import { momentumWeight, normalizedStepSize } from './momentum-schedules.js';
import { MomentumRule } from './momentum-rule.js';
import { normalizedStep } from './npg-igt.js';

/** Options of `HarpgRule`. */
export interface HarpgOptions {
  /** γ0 of the step γ_t = γ0·2/(t+2). Default 0.1. */
  readonly gamma0?: number;
  /** η0 of η_t = η0·2/(t+2). Default 1. */
  readonly eta0?: number;
  /** N-HARPG (normalized step) when true (default); plain HARPG θ_{t+1} = θ_t + γ_t d_t when false. */
  readonly normalized?: boolean;
  /**
   * Env steps of the separate Hessian batch sampled at θ̂_t, g_t then coming from a batch at θ_t (Algorithm 2; the
   * authors' code: 32). 0 (default): one batch at θ̂_t serves both.
   */
  readonly hessianBatchSteps?: number;
}

/**
 * Hessian-aided recursive policy gradient, (N)-HARPG (Fatkhullin et al. 2023, Algorithm 2): the batch is sampled at
 * θ̂_t = q·θ_t + (1−q)·θ_{t−1}, q ~ U(0,1); v_t = Ĥ(θ̂_t)(θ_t − θ_{t−1}); d_t = (1−η_t)(d_{t−1} + v_t) + η_t g_t;
 * θ_{t+1} = θ_t + γ_t d_t/‖d_t‖. With `hessianBatchSteps` 0, one batch at θ̂_t serves both g_t and v_t.
 */
export class HarpgRule extends MomentumRule {
  readonly name: string;
  readonly gamma0: number;
  readonly eta0: number;
  readonly normalized: boolean;
  readonly hessianBatchSteps: number;

  constructor(
    private readonly rng: Rng,
    opts: HarpgOptions = {},
  ) {
    super();
    this.gamma0 = opts.gamma0 ?? 0.1;
    this.eta0 = opts.eta0 ?? 1;
    this.normalized = opts.normalized ?? true;
    this.name = this.normalized ? 'n-harpg' : 'harpg';
    checkPositive('gamma0', this.gamma0);
    checkPositive('eta0', this.eta0);
    this.hessianBatchSteps = opts.hessianBatchSteps ?? 0;
    checkInteger('hessianBatchSteps', this.hessianBatchSteps, 0);
  }

  /** The momentum state and the stream that draws the interpolation points, so a resumed run draws the same ones. */
  override getState(): RuleState {
    return { ...super.getState(), rng: this.rng.getState() };
  }

  override setState(state: RuleState): void {
    super.setState(state);
    this.rng.setState(state.rng as RngState);
  }

  samplePoint(theta: Float64Array): Float64Array {
    return this.hessianBatchSteps > 0 ? theta : (this.hessianPoint(theta) ?? theta);
  }

  /** θ̂_t = q·θ_t + (1−q)·θ_{t−1}, q ~ U(0,1); null at t = 0 (no θ_{t−1} yet). */
  hessianPoint(theta: Float64Array): Float64Array | null {
    const prev = this.prev;
    if (!prev) return null;
    const q = this.rng.random();
    return theta.map((x, i) => q * x + (1 - q) * (prev[i] as number));
  }

  async step(theta: Float64Array, oracle: GradientOracle, hessian?: GradientOracle): Promise<Float64Array> {
    const eta = momentumWeight(this.eta0, this.t, 1);
    const g = oracle.gradient;
    let d: Float64Array;
    if (this.d && this.prev) {
      const prev = this.prev;
      const v = await (hessian ?? oracle).hessianVector(theta.map((x, i) => x - (prev[i] as number)));
      const old = this.d;
      d = g.map((gi, i) => (1 - eta) * ((old[i] as number) + (v[i] as number)) + eta * gi);
    } else {
      d = Float64Array.from(g);
    }
    this.d = d;
    const gamma = normalizedStepSize(this.gamma0, this.t);
    const next = this.normalized ? normalizedStep(theta, d, gamma) : theta.map((x, i) => x + gamma * (d[i] as number));
    this.prev = theta;
    this.t++;
    return next;
  }
}
