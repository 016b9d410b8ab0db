import type { ActOptions, Agent, StepStats, Transition } from '../core/agent.js';
import { InvalidArgumentError } from '../core/errors.js';
import { Rng, type RngState } from '../core/rng.js';
import type { Space } from '../core/spaces/space.js';
import type { AscentRule, RuleState } from './ascent-rule.js';
import { BatchOracle } from './batch-oracle.js';
import { loadNets, readCheckpoint, saveNets, writeCheckpoint } from './checkpoint.js';
import { EpisodeBuffer, type EpisodeBufferState } from './episode-buffer.js';
import { RunningMeanBaseline, gpomdpWeights, reinforceWeights, standardize } from './estimators.js';
import { makePolicy, type PolicyNetOptions } from './make-policy.js';
import { LinearFeatureBaseline } from './linear-feature-baseline.js';
import { getFlat, setFlat } from './params.js';
import type { Policy } from './policy.js';
import { discountedReturns, episodeIndex, episodeReturns } from './returns.js';
import { ValueNet } from './value-net.js';
import { norm, vectorFromJson, vectorToJson } from './vector.js';

/** Which score-function estimator weights the log-likelihood gradients. */
export type Estimator = 'gpomdp' | 'reinforce' | 'return-to-go';

/** Which baseline is subtracted from the returns. */
export type BaselineKind = 'none' | 'mean' | 'value' | 'linear';

/** Options of `PolicyGradientAgent`; defaults in brackets. */
export interface PolicyGradientOptions {
  /** The ascent method on θ (Adam, SGD, Polyak, N-PG-IGT, N-HARPG). */
  readonly rule: AscentRule;
  /** Discount γ of the objective [0.99]. */
  readonly gamma?: number;
  /** Env steps per update: collection runs to the first episode end at or after this many steps [1000]. */
  readonly batchSteps?: number;
  /**
   * 'gpomdp': w_t = γ^t(G_t − b_t), the unbiased gradient of the discounted return [default]; 'reinforce': every step
   * weighted by R(τ) − b; 'return-to-go': w_t = G_t − b_t without γ^t (the usual practical variant).
   */
  readonly estimator?: Estimator;
  /**
   * 'none' [default], 'mean' (running mean of the returns), 'value' (a learned V(s)), or 'linear' (garage's
   * `LinearFeatureBaseline`, refitted on each batch after its update).
   */
  readonly baseline?: BaselineKind;
  /** ĝ averages over the batch's 'episodes' [default] (1/N Σ_τ) or its 'steps' (garage's mean loss over rows). */
  readonly gradientMean?: 'episodes' | 'steps';
  /** Standardize the weights per batch (changes the gradient's scale: not for Polyak steps) [false]. */
  readonly standardizeWeights?: boolean;
  /** β of the entropy bonus β·mean H(π(·|s)) in the surrogate [0]. */
  readonly entropyCoef?: number;
  /** Policy network [hidden (32, 32), tanh]. */
  readonly policy?: PolicyNetOptions;
  /** Value network of the 'value' baseline: learning rate [1e-3] and full-batch epochs per update [20]. */
  readonly valueLr?: number;
  readonly valueEpochs?: number;
  /** Radius of the finite difference of Hessian-vector products (N-HARPG) [1e-2]. */
  readonly hvpRadius?: number;
}

/**
 * Monte-Carlo policy gradient on a single environment: collects complete episodes, forms the score-function
 * estimate ĝ = (1/N) Σ_τ Σ_t w_t ∇log π_θ(a_t|s_t) at the rule's sample point, and lets the rule take the step.
 * With Adam and a value baseline this is REINFORCE with baseline; with `PolyakRule`, `NpgIgtRule` or `HarpgRule` it
 * is Polyak-PG, N-PG-IGT or N-HARPG.
 */
export class PolicyGradientAgent implements Agent<Float32Array, number | Float32Array> {
  readonly policy: Policy;
  readonly critic: ValueNet | undefined;
  readonly rule: AscentRule;
  readonly gamma: number;
  readonly batchSteps: number;
  readonly estimator: Estimator;
  readonly baseline: BaselineKind;
  private readonly opts: PolicyGradientOptions;
  private readonly buffer: EpisodeBuffer;
  /** The separate Hessian batch (rules with `hessianBatchSteps`), collected at `hessPoint` after the main one. */
  private readonly hessBuffer: EpisodeBuffer;
  private hessPoint: Float64Array | null = null;
  /** Where the main batch was sampled, while the Hessian batch is collected. */
  private mainPoint: Float64Array | null = null;
  private readonly meanBaseline = new RunningMeanBaseline();
  private readonly linear: LinearFeatureBaseline | undefined;
  private rng: Rng;
  private theta: Float64Array;
  /** Updates done so far. */
  updates = 0;
  /** Environment steps seen so far. */
  steps = 0;

  constructor(obsSpace: Space<unknown>, actSpace: Space<unknown>, rng: Rng, opts: PolicyGradientOptions) {
    this.opts = opts;
    this.rule = opts.rule;
    this.gamma = opts.gamma ?? 0.99;
    this.batchSteps = opts.batchSteps ?? 1000;
    this.estimator = opts.estimator ?? 'gpomdp';
    this.baseline = opts.baseline ?? 'none';
    if (!(Number.isInteger(this.batchSteps) && this.batchSteps >= 1)) {
      throw new InvalidArgumentError(`batchSteps must be a positive integer, got ${this.batchSteps}`);
    }
    this.policy = makePolicy(obsSpace, actSpace, rng.fork(), { hidden: [32, 32], ...opts.policy });
    this.critic =
      this.baseline === 'value'
        ? new ValueNet(this.policy.obsDim, rng.fork(), { hidden: opts.policy?.hidden ?? [32, 32], learningRate: opts.valueLr ?? 1e-3 })
        : undefined;
    this.rng = rng.fork();
    this.buffer = new EpisodeBuffer(this.policy.obsDim, this.policy.actDim);
    this.hessBuffer = new EpisodeBuffer(this.policy.obsDim, this.policy.actDim);
    this.linear = this.baseline === 'linear' ? new LinearFeatureBaseline(this.policy.obsDim) : undefined;
    this.theta = getFlat(this.policy.variables);
  }

  /** The current iterate θ_t (the policy's variables hold the sample point, which may differ). */
  get parameters(): Float64Array {
    return this.theta;
  }

  act(obs: Float32Array, opts?: ActOptions): number | Float32Array {
    const a = opts?.explore === false ? this.policy.mode(obs, 1) : this.policy.sample(obs, 1, this.rng);
    return a instanceof Int32Array ? (a[0] as number) : a;
  }

  observe(t: Transition<Float32Array, number | Float32Array>): StepStats | void {
    this.steps++;
    const end = t.terminated || t.truncated;
    (this.hessPoint ? this.hessBuffer : this.buffer).push(t.obs, t.action, t.reward, end);
    if (!end) return;
    if (this.hessPoint) return this.hessBuffer.length >= (this.rule.hessianBatchSteps ?? 0) ? this.update() : undefined;
    if (this.buffer.length < this.batchSteps) return;
    const hessPoint = (this.rule.hessianBatchSteps ?? 0) > 0 ? (this.rule.hessianPoint?.(this.theta) ?? null) : null;
    if (!hessPoint) return this.update();
    this.mainPoint = getFlat(this.policy.variables);
    this.hessPoint = hessPoint;
    this.moveTo(hessPoint);
  }

  /** One update from the collected episodes (called by `observe`); returns what it measured. */
  private update(): StepStats {
    if (this.mainPoint) setFlat(this.policy.variables, this.mainPoint);
    const main = this.batchOracle(this.buffer);
    let hessian: BatchOracle | undefined;
    if (this.hessPoint) {
      setFlat(this.policy.variables, this.hessPoint);
      hessian = this.batchOracle(this.hessBuffer).oracle;
    }
    const { oracle, togo, discounted, undiscounted } = main;
    this.theta = this.rule.step(this.theta, oracle, hessian);
    const { obs, ends } = this.buffer;
    const valueLoss = this.critic ? this.critic.fit(obs, togo, this.opts.valueEpochs ?? 20) : 0;
    this.meanBaseline.update(togo);
    this.linear?.fit(obs, ends, togo);
    this.hessPoint = this.mainPoint = null;
    this.moveTo(this.rule.samplePoint(this.theta));
    this.buffer.clear();
    this.hessBuffer.clear();
    this.updates++;
    return {
      episodeReturn: undiscounted.reduce((s, x) => s + x, 0) / undiscounted.length,
      value: oracle.value,
      gradNorm: norm(oracle.gradient),
      valueLoss,
      batchEpisodes: discounted.length,
    };
  }

  /** The score-function oracle of a batch of episodes, at the policy's current variables. */
  private batchOracle(buffer: EpisodeBuffer): { oracle: BatchOracle; togo: Float64Array; discounted: number[]; undiscounted: number[] } {
    const { rewards, ends, obs, actions } = buffer;
    const n = rewards.length;
    const discounted = episodeReturns(rewards, ends, this.gamma);
    const value = discounted.reduce((s, x) => s + x, 0) / discounted.length;
    const undiscounted = episodeReturns(rewards, ends, 1);
    const togo = discountedReturns(rewards, ends, this.gamma);
    const base = this.baselineValues(obs, ends, n);
    let weights: Float64Array;
    if (this.estimator === 'gpomdp') weights = gpomdpWeights(rewards, ends, this.gamma, base);
    else if (this.estimator === 'reinforce') weights = reinforceWeights(rewards, ends, this.gamma).map((w, i) => w - (base[i] as number));
    else weights = togo.map((g, i) => g - (base[i] as number));
    if (this.opts.standardizeWeights) standardize(weights);
    // The oracle averages over episodes; N/n turns that into garage's mean over rows.
    if (this.opts.gradientMean === 'steps') weights = weights.map((w) => (w * discounted.length) / n);
    const oracle = new BatchOracle(
      this.policy,
      { obs, actions, episode: episodeIndex(ends), numEpisodes: discounted.length, weights, value },
      this.opts.entropyCoef ?? 0,
      this.opts.hvpRadius ?? 1e-2,
    );
    return { oracle, togo, discounted, undiscounted };
  }

  private baselineValues(obs: Float32Array, ends: Uint8Array, n: number): Float64Array {
    if (this.critic) return Float64Array.from(this.critic.predict(obs, n));
    if (this.linear) return this.linear.predict(obs, ends);
    if (this.baseline === 'mean') return new Float64Array(n).fill(this.meanBaseline.value);
    return new Float64Array(n);
  }

  private moveTo(point: Float64Array): void {
    setFlat(this.policy.variables, point);
    this.policy.sync();
  }

  async save(dir: string): Promise<void> {
    await saveNets(dir, this.policy, this.critic, this.critic?.optimizer);
    await writeCheckpoint(dir, 'policy-gradient', {
      theta: Array.from(this.theta),
      buffer: this.buffer.getState(),
      hessBuffer: this.hessBuffer.getState(),
      hessPoint: vectorToJson(this.hessPoint),
      mainPoint: vectorToJson(this.mainPoint),
      linear: this.linear?.getState() ?? null,
      rule: this.rule.getState(),
      rng: this.rng.getState(),
      baseline: this.meanBaseline.getState(),
      updates: this.updates,
      steps: this.steps,
    });
  }

  /** Restores a checkpoint, the unfinished batch and the critic's optimizer included. */
  async load(dir: string): Promise<void> {
    const s = await readCheckpoint(dir, 'policy-gradient');
    this.theta = Float64Array.from(s.theta as number[]);
    await loadNets(dir, 'PolicyGradientAgent.load', this.policy, this.critic, this.critic?.optimizer);
    this.rule.setState(s.rule as RuleState);
    this.rng = Rng.fromState(s.rng as RngState);
    this.meanBaseline.setState(s.baseline as { mean: number; seen: boolean });
    this.updates = s.updates as number;
    this.steps = s.steps as number;
    this.buffer.setState(s.buffer as EpisodeBufferState);
    if (s.hessBuffer) this.hessBuffer.setState(s.hessBuffer as EpisodeBufferState);
    this.hessPoint = vectorFromJson(s.hessPoint);
    this.mainPoint = vectorFromJson(s.mainPoint);
    this.linear?.setState(s.linear);
  }

  dispose(): void {
    this.policy.dispose();
    this.critic?.dispose();
  }
}
