import { checkPositive, type AscentRule, type GradientOracle, type RuleState } from './ascent-rule.js';
import { polynomialStepSize } from './momentum-schedules.js';

/**
 * Stochastic gradient ascent with a decaying step, θ_{t+1} = θ_t + γ_t·ĝ_t, γ_t = γ0·(2/(t+2))^p (unnormalised): the
 * vanilla PG baseline of Fatkhullin et al. (2023), whose released code uses p = 2/3.
 */
export class DecayingSgdRule implements AscentRule {
  readonly name = 'decaying-sgd';
  private t = 0;

  constructor(
    readonly gamma0: number,
    readonly power = 2 / 3,
  ) {
    checkPositive('gamma0', gamma0);
    checkPositive('power', power);
  }

  samplePoint(theta: Float64Array): Float64Array {
    return theta;
  }

  async step(theta: Float64Array, oracle: GradientOracle): Promise<Float64Array> {
    const gamma = polynomialStepSize(this.gamma0, this.t, this.power);
    this.t++;
    return theta.map((x, i) => x + gamma * (oracle.gradient[i] as number));
  }

  getState(): RuleState {
    return { t: this.t };
  }

  setState(state: RuleState): void {
    this.t = state.t as number;
  }
}
