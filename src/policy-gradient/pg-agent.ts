import type { ActOptions, Agent, StepStats, Transition } from '../core/agent.js';
import { InvalidArgumentError } from '../core/errors.js';
import { Rng, type RngState } from '../core/rng.js';
import type { Space } from '../core/spaces/space.js';
import type { AscentRule, RuleState } from './ascent-rule.js';
import { BatchOracle } from './batch-oracle.js';
import { loadNets, readCheckpoint, saveNets, writeCheckpoint } from './checkpoint.js';
import { EpisodeBuffer, type EpisodeBufferState } from './episode-buffer.js';
import { RunningMeanBaseline, gpomdpWeights, reinforceWeights, standardize } from './estimators.js';
import { LinearFeatureBaseline } from './linear-feature-baseline.js';
import { makePolicy } from './make-policy.js';
import { getFlat } from './params.js';
import type { Policy, PolicyNetOptions } from './policy.js';
import { discountedReturns, episodeIndex, episodeReturns } from './returns.js';
import { ValueNet } from './value-net.js';
import { norm, vectorFromJson, vectorToJson } from './vector.js';

/** Which score-function estimator weights the log-likelihood gradients. */
export type Estimator = 'gpomdp' | 'reinforce' | 'return-to-go';

/** Which baseline is subtracted from the returns. */
export type BaselineKind = 'none' | 'mean' | 'value' | 'linear';

/**
 * Options of `PolicyGradientAgent`, named as SB3's where it has the concept (`entCoef`, `netArch`, `activationFn`);
 * defaults in brackets.
 */
export interface PolicyGradientOptions extends PolicyNetOptions {
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
  readonly entCoef?: number;
  /** The policy network's (and the value baseline's) hidden widths [(32, 32)] and nonlinearity [tanh]. */
  readonly netArch?: readonly number[];
  /** Value network of the 'value' baseline: its Adam's learning rate [1e-3] and full-batch epochs per update [20]. */
  readonly valueLearningRate?: number;
  readonly valueEpochs?: number;
  /** Radius of the finite difference of Hessian-vector products (N-HARPG) [1e-2]. */
  readonly hvpRadius?: number;
}

/**
 * Monte-Carlo policy gradient on a single environment: collects complete episodes, forms the score-function
 * estimate ĝ = (1/N) Σ_τ Σ_t w_t ∇log π_θ(a_t|s_t) at the rule's sample point, and lets the rule take the step.
 * With Adam and a value baseline this is REINFORCE with baseline; with `PolyakRule`, `NpgIgtRule` or `HarpgRule` it
 * is Polyak-PG, N-PG-IGT or N-HARPG. Every read of a tensor is asynchronous (the update is a promise the runner
 * waits for), so it runs on the webgpu backend too; acting uses the policy's host copy of the weights, refreshed
 * at the end of each update.
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
  /** θ_t; read from the policy's variables at the first update or save (reading is asynchronous). */
  private theta: Float64Array | undefined;
  /** The point the policy's variables hold, as float32 holds it; read at the first update after construction or load. */
  private point: Float64Array | undefined;
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
    const net: PolicyNetOptions = { netArch: opts.netArch ?? [32, 32], activationFn: opts.activationFn ?? 'tanh' };
    this.policy = makePolicy(obsSpace, actSpace, rng.fork(), net);
    this.critic = this.baseline === 'value' ? new ValueNet(this.policy.obsDim, rng.fork(), { ...net, learningRate: opts.valueLearningRate ?? 1e-3 }) : undefined;
    this.rng = rng.fork();
    this.buffer = new EpisodeBuffer(this.policy.obsDim, this.policy.actDim);
    this.hessBuffer = new EpisodeBuffer(this.policy.obsDim, this.policy.actDim);
    this.linear = this.baseline === 'linear' ? new LinearFeatureBaseline(this.policy.obsDim) : undefined;
  }

  /** The current iterate θ_t (the policy's variables hold the sample point, which may differ). */
  async parameters(): Promise<Float64Array> {
    this.theta ??= await getFlat(this.policy.variables);
    return this.theta;
  }

  act(obs: Float32Array, opts?: ActOptions): number | Float32Array {
    const a = opts?.explore === false ? this.policy.mode(obs, 1) : this.policy.sample(obs, 1, this.rng);
    return a instanceof Int32Array ? (a[0] as number) : a;
  }

  /** Stores a step; the episode end that completes a batch returns the update's promise. */
  observe(t: Transition<Float32Array, number | Float32Array>): Promise<StepStats | void> | void {
    this.steps++;
    const end = t.terminated || t.truncated;
    (this.hessPoint ? this.hessBuffer : this.buffer).push(t.obs, t.action, t.reward, end);
    if (!end) return;
    if (this.hessPoint) return this.hessBuffer.length >= (this.rule.hessianBatchSteps ?? 0) ? this.update() : undefined;
    if (this.buffer.length < this.batchSteps) return;
    return (this.rule.hessianBatchSteps ?? 0) > 0 && this.rule.hessianPoint ? this.startHessianBatch() : this.update();
  }

  /** After the main batch: moves the policy to the rule's Hessian point to collect that batch, or updates now if this step needs none. */
  private async startHessianBatch(): Promise<StepStats | void> {
    const point = (this.point ??= await getFlat(this.policy.variables));
    const hessPoint = this.rule.hessianPoint?.((this.theta ??= point)) ?? null;
    if (!hessPoint) return this.update();
    this.mainPoint = point;
    this.hessPoint = hessPoint;
    this.moveTo(hessPoint);
  }

  /** One update from the collected episodes (called by `observe`); resolves to what it measured. */
  private async update(): Promise<StepStats> {
    // The variables hold where the last batch was sampled: θ_t or the rule's sample point, or the Hessian batch's point.
    const at = (this.point ??= await getFlat(this.policy.variables));
    const hessian = this.hessPoint ? (await this.batchOracle(this.hessBuffer, at)).oracle : undefined;
    const point = this.mainPoint ?? at;
    if (this.mainPoint) this.policy.assign(this.mainPoint);
    const theta = (this.theta ??= point);
    const { oracle, togo, discounted, undiscounted } = await this.batchOracle(this.buffer, point);
    this.theta = await this.rule.step(theta, oracle, hessian);
    const { obs, ends } = this.buffer;
    const valueLoss = this.critic ? await this.critic.fit(obs, togo, this.opts.valueEpochs ?? 20) : 0;
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

  /** The score-function oracle of a batch of episodes sampled at `point`, where the policy's variables are. */
  private async batchOracle(buffer: EpisodeBuffer, point: Float64Array): Promise<{ oracle: BatchOracle; togo: Float64Array; discounted: number[]; undiscounted: number[] }> {
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
    const oracle = await BatchOracle.measure(
      this.policy,
      { obs, actions, episode: episodeIndex(ends), numEpisodes: discounted.length, weights, value },
      point,
      this.opts.entCoef ?? 0,
      this.opts.hvpRadius ?? 1e-2,
    );
    return { oracle, togo, discounted, undiscounted };
  }

  /** Moves the policy's variables and its host copy to `point` (known on the host: no read). */
  private moveTo(point: Float64Array): void {
    this.policy.assign(point);
    this.point = Float64Array.from(Float32Array.from(point));
  }

  private baselineValues(obs: Float32Array, ends: Uint8Array, n: number): Float64Array {
    if (this.critic) return Float64Array.from(this.critic.predict(obs, n));
    if (this.linear) return this.linear.predict(obs, ends);
    if (this.baseline === 'mean') return new Float64Array(n).fill(this.meanBaseline.value);
    return new Float64Array(n);
  }

  async save(dir: string): Promise<void> {
    await saveNets(dir, this.policy, this.critic, this.critic?.optimizer);
    await writeCheckpoint(dir, 'policy-gradient', {
      theta: Array.from(await this.parameters()),
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
    this.point = undefined;
    await loadNets(dir, 'PolicyGradientAgent.load', this.policy, this.critic, this.critic?.optimizer);
    // The baseline's predictions use the critic's host copy.
    await this.critic?.net.syncHost();
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
