import { checkPositive, type AscentRule, type GradientOracle, type RuleState } from './ascent-rule.js';
import { polyakStepSize, type TwinOptimumEstimate } from './polyak.js';

/** Options of `PolyakRule`. */
export interface PolyakRuleOptions {
  /** A known optimal value V*, in the units of the oracle's value (e.g. the env's maximal discounted return). */
  readonly vStar?: number;
  /** A shared twin estimate of V*, used when `vStar` is not given. */
  readonly twin?: TwinOptimumEstimate;
  /** c of the step formula. Default 0.5. */
  readonly c?: number;
  /** The cap γ_max. */
  readonly maxStep: number;
}

/** Gradient ascent with the Polyak step size: θ ← θ + γ_k ĝ_k, γ_k from `polyakStepSize` (Li et al. 2024, eq. 5). */
export class PolyakRule implements AscentRule {
  readonly name = 'polyak';
  /** The step size taken on the last update, for logging. */
  lastStep = 0;

  constructor(readonly opts: PolyakRuleOptions) {
    checkPositive('maxStep', opts.maxStep);
    if (opts.vStar === undefined && opts.twin === undefined) {
      throw new TypeError('PolyakRule needs either vStar or a twin estimate');
    }
  }

  samplePoint(theta: Float64Array): Float64Array {
    return theta;
  }

  async step(theta: Float64Array, oracle: GradientOracle): Promise<Float64Array> {
    const twin = this.opts.twin;
    twin?.observe(oracle.value);
    const vStar = this.opts.vStar ?? (twin as TwinOptimumEstimate).value;
    const opts = this.opts.c === undefined ? { maxStep: this.opts.maxStep } : { maxStep: this.opts.maxStep, c: this.opts.c };
    this.lastStep = polyakStepSize(vStar, oracle.value, oracle.gradient, opts);
    return theta.map((x, i) => x + this.lastStep * (oracle.gradient[i] as number));
  }

  getState(): RuleState {
    return { lastStep: this.lastStep };
  }

  setState(state: RuleState): void {
    this.lastStep = state.lastStep as number;
  }
}
