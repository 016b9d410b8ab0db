import { join } from 'node:path';
import type { ActOptions, Agent, StepStats, Transition } from '../core/agent.js';
import type { Rng } from '../core/rng.js';
import type { Space } from '../core/spaces/space.js';
import { readCheckpoint, writeCheckpoint } from './checkpoint.js';
import { PolicyGradientAgent, type PolicyGradientOptions } from './pg-agent.js';
import { TwinOptimumEstimate } from './polyak.js';
import { PolyakRule, type PolyakRuleOptions } from './polyak-rule.js';

/** Options of `PolyakTwinAgent`: the batch-PG options without the rule, and the Polyak step's. */
export interface PolyakTwinOptions extends Omit<PolicyGradientOptions, 'rule'> {
  readonly polyak: Omit<PolyakRuleOptions, 'twin' | 'vStar'>;
  /** Lift of the V* estimate above the best value seen (see `TwinOptimumEstimate`) [0.1]. */
  readonly margin?: number;
}

/**
 * Polyak-step policy gradient with an unknown V* (Li et al. 2024, Sec. 4): two twin policies train in turn, one
 * batch each, and the best value either has reached stands in for V* in both Polyak steps. Greedy actions come from
 * the twin whose last batch was better. Ours: the twins alternate batch by batch, so env steps count both.
 */
export class PolyakTwinAgent implements Agent<Float32Array, number | Float32Array> {
  readonly twins: readonly [PolicyGradientAgent, PolicyGradientAgent];
  readonly estimate: TwinOptimumEstimate;
  private active = 0;
  private readonly lastValue = [-Infinity, -Infinity];

  constructor(obsSpace: Space<unknown>, actSpace: Space<unknown>, rng: Rng, opts: PolyakTwinOptions) {
    this.estimate = new TwinOptimumEstimate(opts.margin ?? 0.1);
    const twin = () =>
      new PolicyGradientAgent(obsSpace, actSpace, rng.fork(), { ...opts, rule: new PolyakRule({ ...opts.polyak, twin: this.estimate }) });
    this.twins = [twin(), twin()];
  }

  /** The twin that acts greedily: the one whose last batch value was higher. */
  get leader(): PolicyGradientAgent {
    return this.twins[(this.lastValue[1] as number) > (this.lastValue[0] as number) ? 1 : 0];
  }

  act(obs: Float32Array, opts?: ActOptions): number | Float32Array {
    return opts?.explore === false ? this.leader.act(obs, opts) : (this.twins[this.active] as PolicyGradientAgent).act(obs, opts);
  }

  /** Shows the active twin the step; when its batch completes, resolves to its update's stats and hands over. */
  observe(t: Transition<Float32Array, number | Float32Array>): Promise<StepStats | void> | void {
    const update = (this.twins[this.active] as PolicyGradientAgent).observe(t);
    if (update) return update.then((stats) => (stats ? this.handOver(stats) : undefined));
  }

  private handOver(stats: StepStats): StepStats {
    this.lastValue[this.active] = stats.value as number;
    const rule = (this.twins[this.active] as PolicyGradientAgent).rule as PolyakRule;
    const out = { ...stats, twin: this.active, stepSize: rule.lastStep, vStar: this.estimate.value };
    this.active = 1 - this.active;
    return out;
  }

  async save(dir: string): Promise<void> {
    await this.twins[0].save(join(dir, 'twin-0'));
    await this.twins[1].save(join(dir, 'twin-1'));
    await writeCheckpoint(dir, 'polyak-twin', { active: this.active, lastValue: this.lastValue, best: this.estimate.bestSeen });
  }

  async load(dir: string): Promise<void> {
    await this.twins[0].load(join(dir, 'twin-0'));
    await this.twins[1].load(join(dir, 'twin-1'));
    const s = await readCheckpoint(dir, 'polyak-twin');
    this.active = s.active as number;
    // JSON turns −Infinity into null.
    (s.lastValue as (number | null)[]).forEach((v, i) => (this.lastValue[i] = v ?? -Infinity));
    this.estimate.restore((s.best as number | null) ?? -Infinity);
  }

  dispose(): void {
    this.twins[0].dispose();
    this.twins[1].dispose();
  }
}
