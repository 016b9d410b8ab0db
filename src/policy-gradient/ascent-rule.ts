import type { RngState } from '../core/rng.js';
import { InvalidArgumentError, describeValue } from '../core/errors.js';
import { polynomialStepSize } from './momentum-schedules.js';
import { vectorFromJson, vectorToJson } from './vector.js';

/**
 * What a batch of trajectories tells an ascent rule, all measured at the rule's sample point. The gradient is read
 * back before the rule sees it; a Hessian-vector product needs more tensor work and reads, so it is a promise (the
 * webgpu backend reads only asynchronously in Node).
 */
export interface GradientOracle {
  /** The policy-gradient estimate ĝ (flat, in `getFlat` order). */
  readonly gradient: Float64Array;
  /** The batch's estimate V̂ of the objective (mean discounted episode return). */
  readonly value: number;
  /** An estimate of ∇²J·u at the sample point (Hessian-vector product). */
  hessianVector(u: Float64Array): Promise<Float64Array>;
}

/** Serializable state of an ascent rule (plain JSON). */
export type RuleState = Record<string, number | number[] | null | RngState>;

/**
 * One gradient-ascent method on a flat parameter vector θ: where to sample the next batch, and the next iterate.
 * Rules are small stateful objects (momentum, step counter); the agent owns θ and the samples. The rules do their
 * vector math on the host, on Float64Array θ (a few thousand entries: cheaper than tfjs ops, and exact in float64);
 * only the oracle touches tensors, so `step` is asynchronous for the rules that ask it for more than the gradient.
 */
export interface AscentRule {
  readonly name: string;
  /** The parameters at which the next batch is sampled (θ_t itself, or a look-ahead / interpolated point). */
  samplePoint(theta: Float64Array): Float64Array;
  /**
   * θ_{t+1} from θ_t and the batch's oracle (measured at the last sample point); `hessian`, the oracle of the separate
   * Hessian batch when the rule asked for one (`hessianPoint`).
   */
  step(theta: Float64Array, oracle: GradientOracle, hessian?: GradientOracle): Promise<Float64Array>;
  /** Env steps of a separate batch for Hessian-vector products (N-HARPG); absent or 0: none. */
  readonly hessianBatchSteps?: number;
  /** Where that batch is sampled after the main one, or null where this step needs none. */
  hessianPoint?(theta: Float64Array): Float64Array | null;
  getState(): RuleState;
  setState(state: RuleState): void;
}

/** Checks a positive finite hyperparameter. */
export function checkPositive(name: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) throw new InvalidArgumentError(`${name} must be a positive number, got ${describeValue(value)}`);
}

/**
 * Plain stochastic gradient ascent θ_{t+1} = θ_t + α_t·ĝ_t (unnormalised): α_t = α, or with `decayPower` p the
 * decaying step α_t = α·(2/(t+2))^p, the vanilla PG baseline of Fatkhullin et al. (2023), whose released code uses
 * p = 2/3.
 */
export class SgdRule implements AscentRule {
  readonly name = 'sgd';
  readonly decayPower: number | undefined;
  private t = 0;

  constructor(
    readonly learningRate: number,
    opts: { readonly decayPower?: number } = {},
  ) {
    checkPositive('learningRate', learningRate);
    if (opts.decayPower !== undefined) checkPositive('decayPower', opts.decayPower);
    this.decayPower = opts.decayPower;
  }

  samplePoint(theta: Float64Array): Float64Array {
    return theta;
  }

  async step(theta: Float64Array, oracle: GradientOracle): Promise<Float64Array> {
    const alpha = this.decayPower === undefined ? this.learningRate : polynomialStepSize(this.learningRate, this.t, this.decayPower);
    this.t++;
    return theta.map((x, i) => x + alpha * (oracle.gradient[i] as number));
  }

  getState(): RuleState {
    return { t: this.t };
  }

  /** Restores `getState()`; a state saved before the step count was kept (`{}`) starts it at 0. */
  setState(state: RuleState): void {
    this.t = typeof state.t === 'number' ? state.t : 0;
  }
}

/** Adam (Kingma & Ba 2015, Algorithm 1) for ascent: θ ← θ + α·m̂/(√v̂ + ε). */
export class AdamRule implements AscentRule {
  readonly name = 'adam';
  private m: Float64Array | null = null;
  private v: Float64Array | null = null;
  private t = 0;

  constructor(
    readonly learningRate: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly eps = 1e-8,
  ) {
    checkPositive('learningRate', learningRate);
  }

  samplePoint(theta: Float64Array): Float64Array {
    return theta;
  }

  async step(theta: Float64Array, oracle: GradientOracle): Promise<Float64Array> {
    const g = oracle.gradient;
    const m = (this.m ??= new Float64Array(g.length));
    const v = (this.v ??= new Float64Array(g.length));
    this.t++;
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = 1 - this.beta2 ** this.t;
    const out = new Float64Array(theta.length);
    for (let i = 0; i < g.length; i++) {
      const gi = g[i] as number;
      m[i] = this.beta1 * (m[i] as number) + (1 - this.beta1) * gi;
      v[i] = this.beta2 * (v[i] as number) + (1 - this.beta2) * gi * gi;
      out[i] = (theta[i] as number) + (this.learningRate * ((m[i] as number) / c1)) / (Math.sqrt((v[i] as number) / c2) + this.eps);
    }
    return out;
  }

  getState(): RuleState {
    return { t: this.t, m: vectorToJson(this.m), v: vectorToJson(this.v) };
  }

  setState(state: RuleState): void {
    this.t = state.t as number;
    this.m = vectorFromJson(state.m);
    this.v = vectorFromJson(state.v);
  }
}
