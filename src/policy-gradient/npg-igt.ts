import { checkPositive, type GradientOracle } from './ascent-rule.js';
import { momentumWeight, normalizedStepSize } from './momentum-schedules.js';
import { MomentumRule } from './momentum-rule.js';
import { norm } from './vector.js';

/** Options of `NpgIgtRule`. */
export interface NpgIgtOptions {
  /** γ0 of γ_t = γ0·2/(t+2). Default 0.1. */
  readonly gamma0?: number;
  /** η0 of η_t = η0·(2/(t+2))^0.8. Default 1. */
  readonly eta0?: number;
}

/**
 * Normalized policy gradient with implicit gradient transport, N-PG-IGT (Fatkhullin et al. 2023, Algorithm 1):
 * look-ahead θ̃_t = θ_t + ((1−η_t)/η_t)(θ_t − θ_{t−1}); g_t by GPOMDP at θ̃_t; d_t = (1−η_t)d_{t−1} + η_t g_t;
 * θ_{t+1} = θ_t + γ_t d_t/‖d_t‖. The counter t starts at 0, where η_0 = η0 = 1 makes d_0 = g_0 (our indexing).
 */
export class NpgIgtRule extends MomentumRule {
  readonly name = 'npg-igt';
  readonly gamma0: number;
  readonly eta0: number;

  constructor(opts: NpgIgtOptions = {}) {
    super();
    this.gamma0 = opts.gamma0 ?? 0.1;
    this.eta0 = opts.eta0 ?? 1;
    checkPositive('gamma0', this.gamma0);
    checkPositive('eta0', this.eta0);
  }

  samplePoint(theta: Float64Array): Float64Array {
    const prev = this.prev;
    if (!prev) return theta;
    const eta = momentumWeight(this.eta0, this.t, 0.8);
    const k = (1 - eta) / eta;
    return theta.map((x, i) => x + k * (x - (prev[i] as number)));
  }

  async step(theta: Float64Array, oracle: GradientOracle): Promise<Float64Array> {
    const eta = momentumWeight(this.eta0, this.t, 0.8);
    const g = oracle.gradient;
    const d = this.d ? this.d.map((x, i) => (1 - eta) * x + eta * (g[i] as number)) : Float64Array.from(g);
    this.d = d;
    const next = normalizedStep(theta, d, normalizedStepSize(this.gamma0, this.t));
    this.prev = theta;
    this.t++;
    return next;
  }
}

/** θ + γ·d/‖d‖ (θ unchanged when d = 0). */
export function normalizedStep(theta: Float64Array, d: Float64Array, gamma: number): Float64Array {
  const n = norm(d);
  if (n === 0) return Float64Array.from(theta);
  return theta.map((x, i) => x + (gamma * (d[i] as number)) / n);
}
