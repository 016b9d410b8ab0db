import type { AscentRule, GradientOracle, RuleState } from './ascent-rule.js';
import { vectorFromJson, vectorToJson } from './vector.js';

/**
 * What N-PG-IGT and N-HARPG share: an iteration counter t, the momentum direction d_t and the previous iterate
 * θ_{t−1}, saved and restored together.
 */
export abstract class MomentumRule implements AscentRule {
  abstract readonly name: string;
  protected t = 0;
  protected d: Float64Array | null = null;
  protected prev: Float64Array | null = null;

  abstract samplePoint(theta: Float64Array): Float64Array;
  abstract step(theta: Float64Array, oracle: GradientOracle): Promise<Float64Array>;

  getState(): RuleState {
    return { t: this.t, d: vectorToJson(this.d), prev: vectorToJson(this.prev) };
  }

  setState(state: RuleState): void {
    this.t = state.t as number;
    this.d = vectorFromJson(state.d);
    this.prev = vectorFromJson(state.prev);
  }
}
