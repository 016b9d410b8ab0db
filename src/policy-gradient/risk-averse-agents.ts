import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ActOptions, Agent, StepStats, Transition } from '../core/agent.js';
import type { Env } from '../core/env.js';
import { argmax } from '../core/argmax.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { checkInteger } from '../core/checks.js';
import { InvalidArgumentError, describeValue } from '../core/errors.js';
import { Rng, type RngState } from '../core/rng.js';
import { projectSimplex } from '../core/simplex.js';
import { checkEcrmLevels, ecrmStageCost } from '../envs/risk/ecrm-mdp.js';

/** The policy parameterisations of Yu & Ying (ICML 2023): logits, or the policy table itself on the simplex. */
export const RISK_AVERSE_PARAMETERISATIONS = ['softmax', 'direct'] as const;
/** `'softmax'`: π ∝ exp θ; `'direct'`: θ = π, each row projected back onto the simplex after a step. */
export type RiskAverseParameterisation = (typeof RISK_AVERSE_PARAMETERISATIONS)[number];

/** Options of the sample-based risk-averse agents (defaults in brackets). */
export interface RiskAverseAgentOptions {
  /** Number of states of the (discrete) environment. */
  readonly S: number;
  /** Number of actions. */
  readonly A: number;
  /**
   * The η values the agent may pick one stage ahead (non-empty); the distinct one-step costs make each stage's CVaR
   * exact: with a model, `new EcrmMDP(mdp).eta`.
   */
  readonly etaGrid: ArrayLike<number>;
  /** CVaR level α ∈ (0, 1] [0.1]. */
  readonly alpha?: number;
  /** CVaR weight λ ∈ [0, 1] [0.5]; 0 is the risk-neutral agent. */
  readonly lambda?: number;
  /** Discount γ ∈ [0, 1) [0.99]. */
  readonly gamma?: number;
  /**
   * The policy's parameterisation ['softmax']: softmax logits, or `'direct'`, the constrained direct one (the policy
   * table, projected onto the simplex per state after each step), under which projected gradient reaches the
   * optimum where softmax gradient can stall near a deterministic suboptimal policy (Mei et al. 2020).
   */
  readonly parameterisation?: RiskAverseParameterisation;
  /** Actor step size [0.1 softmax; 0.01 direct, where a step moves π(u|x) by learningRate/π(u|x) times the (scaled) advantage]. */
  readonly learningRate?: number;
  /** Step size of the baseline (REINFORCE) or critic (actor-critic) [0.1]. */
  readonly criticLearningRate?: number;
  /**
   * Divide each actor step's advantage (or TD error) by its running root mean square [true], so one `learningRate` suits
   * every (α, λ): the stage costs scale with λ/α.
   */
  readonly normalizeAdvantage?: boolean;
  /** Seed (or `Rng`) of the action sampling. */
  readonly seed: number | Rng;
}

/** One augmented step: augmented state x, augmented action u drawn w.p. p, reward −(stage cost). */
interface AugmentedStep {
  readonly x: number;
  readonly u: number;
  readonly p: number;
  readonly r: number;
}

/**
 * What both risk-averse agents share: a tabular policy π_θ((a, η) | (s, η_prev)), softmax or direct, on the ECRM's
 * augmented MDP (Yu & Ying, ICML 2023), with η_prev tracked inside the agent so it runs on the plain environment. Each step's
 * reward r becomes the stage reward −((1−λ)c + λη_prev + (λ/α)(c − η_prev)⁺), c = −r (the first stage of an
 * episode risk-neutral); at termination the stage after it (cost 0, valued with the last η) is added, discounted,
 * as the augmented MDP charges it.
 */
abstract class RiskAverseTabularAgent implements Agent<number, number> {
  readonly S: number;
  readonly A: number;
  readonly eta: Float64Array;
  readonly K: number;
  readonly alpha: number;
  readonly lambda: number;
  readonly gamma: number;
  readonly learningRate: number;
  readonly criticLearningRate: number;
  readonly parameterisation: RiskAverseParameterisation;
  /**
   * The parameters θ[x*(A·K) + u], x = s·(K+1) + k (k = K: first stage), u = a·K + j: logits (softmax) or the
   * probabilities π(u|x) themselves (direct).
   */
  readonly theta: Float64Array;
  /** The baseline or critic V[x]. */
  readonly V: Float64Array;
  protected rng: Rng;
  /** Grid index of η_prev (K at an episode's first stage). */
  protected k: number;
  protected last: { x: number; u: number; p: number } | undefined;
  protected t = 0;
  private readonly probs: Float64Array;
  private readonly normalize: boolean;
  /** Running mean square of the advantages (exponential, rate 0.01) and whether one has been seen. */
  private meanSquare = 0;
  private seen = false;

  constructor(name: string, opts: RiskAverseAgentOptions) {
    checkInteger(`${name}: S`, opts.S);
    checkInteger(`${name}: A`, opts.A);
    if (opts.etaGrid.length === 0) throw new InvalidArgumentError(`${name}: etaGrid must hold at least one value, got an empty grid`);
    this.eta = Float64Array.from(opts.etaGrid);
    const bad = this.eta.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) throw new InvalidArgumentError(`${name}: etaGrid[${bad}] = ${describeValue(this.eta[bad])} must be finite`);
    this.alpha = opts.alpha ?? 0.1;
    this.lambda = opts.lambda ?? 0.5;
    checkEcrmLevels(name, this.alpha, this.lambda);
    this.gamma = opts.gamma ?? 0.99;
    if (!(this.gamma >= 0 && this.gamma < 1)) throw new InvalidArgumentError(`${name}: gamma must be in [0, 1), got ${describeValue(this.gamma)}`);
    this.parameterisation = opts.parameterisation ?? 'softmax';
    if (!RISK_AVERSE_PARAMETERISATIONS.includes(this.parameterisation)) {
      throw new InvalidArgumentError(`${name}: parameterisation must be one of ${RISK_AVERSE_PARAMETERISATIONS.map((p) => `'${p}'`).join(', ')}, got ${describeValue(this.parameterisation)}`);
    }
    this.learningRate = opts.learningRate ?? (this.parameterisation === 'direct' ? 0.01 : 0.1);
    this.criticLearningRate = opts.criticLearningRate ?? 0.1;
    for (const [k, v] of [['learningRate', this.learningRate], ['criticLearningRate', this.criticLearningRate]] as const) {
      if (!(v > 0) || !Number.isFinite(v)) throw new InvalidArgumentError(`${name}: ${k} must be a finite number > 0, got ${describeValue(v)}`);
    }
    this.S = opts.S;
    this.A = opts.A;
    this.K = this.eta.length;
    // Both start uniform: logits 0, or the table 1/(A·K).
    this.theta = new Float64Array(this.S * (this.K + 1) * this.A * this.K).fill(this.parameterisation === 'direct' ? 1 / (this.A * this.K) : 0);
    this.V = new Float64Array(this.S * (this.K + 1));
    this.rng = typeof opts.seed === 'number' ? new Rng(opts.seed) : opts.seed;
    this.k = this.K;
    this.probs = new Float64Array(this.A * this.K);
    this.normalize = opts.normalizeAdvantage ?? true;
  }

  /** The advantage as the actor uses it: divided by its running RMS when normalising. */
  protected scaled(adv: number): number {
    if (!this.normalize) return adv;
    this.meanSquare = this.seen ? 0.99 * this.meanSquare + 0.01 * adv * adv : adv * adv;
    this.seen = true;
    return adv / (Math.sqrt(this.meanSquare) + 1e-8);
  }

  /** Augmented actions per augmented state. */
  get augmentedActions(): number {
    return this.A * this.K;
  }

  /** π(·|x) into `this.probs` (softmax of θ's row, max subtracted; θ's row itself when direct). */
  protected policyRow(x: number): Float64Array {
    const n = this.augmentedActions;
    if (this.parameterisation === 'direct') {
      this.probs.set(this.theta.subarray(x * n, (x + 1) * n));
      return this.probs;
    }
    let m = -Infinity;
    for (let u = 0; u < n; u++) m = Math.max(m, this.theta[x * n + u] as number);
    let z = 0;
    for (let u = 0; u < n; u++) z += this.probs[u] = Math.exp((this.theta[x * n + u] as number) - m);
    for (let u = 0; u < n; u++) this.probs[u] = (this.probs[u] as number) / z;
    return this.probs;
  }

  /**
   * A step along `step` times the score ∇_θ log π(u|x): softmax θ[x] += step · (e_u − π(·|x)); direct
   * π(·|x) ← Proj_Δ(π(·|x) + step · e_u / p), the projected stochastic gradient (Yu & Ying 2023, §4.1), with p the
   * probability u was drawn with (REINFORCE's earlier steps of the episode may since have moved π(u|x), even to 0).
   */
  protected ascend(x: number, u: number, p: number, step: number): void {
    const n = this.augmentedActions;
    if (this.parameterisation === 'direct') {
      const row = this.theta.subarray(x * n, (x + 1) * n);
      row[u] = (row[u] as number) + step / p;
      projectSimplex(row, row);
      return;
    }
    const pi = this.policyRow(x);
    for (let b = 0; b < n; b++) this.theta[x * n + b] = (this.theta[x * n + b] as number) - step * (pi[b] as number);
    this.theta[x * n + u] = (this.theta[x * n + u] as number) + step;
  }

  /** The augmented policy table π[x*(A·K) + u], for exact evaluation on `new EcrmMDP(mdp, …).mdp`. */
  policyTable(): Float64Array {
    const n = this.augmentedActions;
    const out = new Float64Array(this.theta.length);
    for (let x = 0; x < this.V.length; x++) out.set(this.policyRow(x), x * n);
    return out;
  }

  /** The greedy (mode) augmented policy as a one-hot table: the path the agent has learned, without exploration. */
  greedyPolicyTable(): Float64Array {
    const n = this.augmentedActions;
    const out = new Float64Array(this.theta.length);
    for (let x = 0; x < this.V.length; x++) out[x * n + argmax(this.theta, x * n, n)] = 1;
    return out;
  }

  /** Samples (a, η) in (obs, η_prev) (the mode when `explore` is false) and returns a. */
  act(obs: number, opts?: ActOptions): number {
    if (!Number.isInteger(obs) || obs < 0 || obs >= this.S) throw new InvalidArgumentError(`act: observation ${describeValue(obs)} is outside the ${this.S} states`);
    const x = obs * (this.K + 1) + this.k;
    const n = this.augmentedActions;
    const pi = this.policyRow(x);
    const u = opts?.explore === false ? argmax(this.theta, x * n, n) : this.rng.categorical(pi);
    this.last = { x, u, p: pi[u] as number };
    return Math.floor(u / this.K);
  }

  /** The augmented step of a transition, and the next augmented state; advances η_prev. */
  protected augment(t: Transition<number, number>): { step: AugmentedStep; next: number; done: boolean } {
    if (this.last === undefined) throw new InvalidArgumentError('observe: no action was taken by act() before this transition');
    const { x, u, p } = this.last;
    const j = u % this.K;
    const etaPrev = this.k === this.K ? undefined : (this.eta[this.k] as number);
    let r = -ecrmStageCost(-t.reward, etaPrev, this.alpha, this.lambda);
    // After termination the cost is 0; its risk, valued with the η just chosen, is the augmented MDP's last stage.
    if (t.terminated) r -= this.gamma * ecrmStageCost(0, this.eta[j] as number, this.alpha, this.lambda);
    const next = t.nextObs * (this.K + 1) + j;
    const done = t.terminated || t.truncated;
    this.k = done ? this.K : j;
    this.last = undefined;
    return { step: { x, u, p, r }, next, done };
  }

  abstract observe(t: Transition<number, number>): StepStats | void;

  async save(dir: string): Promise<void> {
    const state = { parameterisation: this.parameterisation, theta: Array.from(this.theta), V: Array.from(this.V), rng: this.rng.getState(), k: this.k, t: this.t, meanSquare: this.meanSquare, seen: this.seen };
    await writeFileAtomic(join(dir, 'risk-averse-agent.json'), JSON.stringify(state));
  }

  async load(dir: string): Promise<void> {
    const state = JSON.parse(await readFile(join(dir, 'risk-averse-agent.json'), 'utf8')) as { parameterisation?: RiskAverseParameterisation; theta: number[]; V: number[]; rng: RngState; k: number; t: number; meanSquare: number; seen: boolean };
    if (state.theta.length !== this.theta.length || state.V.length !== this.V.length) {
      throw new InvalidArgumentError(`load: the checkpoint in ${dir} holds ${state.theta.length} logits, this agent has ${this.theta.length}`);
    }
    // Checkpoints from before the option hold softmax logits.
    const saved = state.parameterisation ?? 'softmax';
    if (saved !== this.parameterisation) throw new InvalidArgumentError(`load: the checkpoint in ${dir} holds a ${saved} policy, this agent is ${this.parameterisation}`);
    this.theta.set(state.theta);
    this.V.set(state.V);
    this.rng = Rng.fromState(state.rng);
    this.k = state.k;
    this.t = state.t;
    this.meanSquare = state.meanSquare;
    this.seen = state.seen;
  }
}

/**
 * Risk-averse REINFORCE (Yu & Ying, ICML 2023, §5, sample-based): after each episode, for each step t of the
 * augmented trajectory, θ[x_t] += learningRate · γ^t (G_t − b(x_t)) ∇log π(u_t|x_t), G_t the discounted ECRM stage reward
 * to go (bootstrapped with b at a time-limit truncation), b a tabular running-mean baseline (b(x) += criticLearningRate (G − b(x)));
 * under the direct parameterisation each step is projected back onto the simplex.
 *
 * Its Monte Carlo returns sum the episode's (λ/α)-scaled stage costs, so it learns η, and with it a safer route, far
 * more slowly than `RiskAverseActorCritic`: on `notebooks/risk-averse-pg`'s cliff shortcut it did not learn a route
 * safer than the risk-neutral one within 100 000 episodes, where the direct actor-critic does in 1500 (the report
 * lists what was tried). Prefer the actor-critic unless the episode return itself is what must be sampled.
 */
export class RiskAverseReinforce extends RiskAverseTabularAgent {
  private episode: AugmentedStep[] = [];

  /** Validates the options; throws `InvalidArgumentError` naming a bad one. */
  constructor(opts: RiskAverseAgentOptions) {
    super('RiskAverseReinforce', opts);
  }

  observe(t: Transition<number, number>): StepStats | void {
    const { step, next, done } = this.augment(t);
    this.episode.push(step);
    if (!done) return;
    // A time-limit truncation bootstraps with the baseline (Pardo et al. 2018): a return cut off at the limit would
    // make stalling look cheap (staying put forever costs 1/(1−γ), not the limit's partial sum).
    let G = t.terminated ? 0 : (this.V[next] as number);
    const discounts = this.episode.map((_, i) => this.gamma ** i);
    for (let i = this.episode.length - 1; i >= 0; i--) {
      const { x, u, p, r } = this.episode[i] as AugmentedStep;
      G = r + this.gamma * G;
      const adv = G - (this.V[x] as number);
      this.V[x] = (this.V[x] as number) + this.criticLearningRate * adv;
      this.ascend(x, u, p, this.learningRate * (discounts[i] as number) * this.scaled(adv));
    }
    const stats = { episodeEcrmReturn: G, episodeLength: this.episode.length };
    this.episode = [];
    this.t++;
    return stats;
  }
}

/**
 * Risk-averse actor-critic (Yu & Ying, ICML 2023, §5, sample-based): a tabular TD(0) critic on the augmented MDP,
 * δ = r + γV(x') − V(x), V(x) += criticLearningRate·δ, and the actor θ[x] += learningRate · I · δ ∇log π(u|x), I = γ^t within the
 * episode (no bootstrap past termination; a time-limit truncation bootstraps); projected onto the simplex when direct.
 */
export class RiskAverseActorCritic extends RiskAverseTabularAgent {
  private discount = 1;

  /** Validates the options; throws `InvalidArgumentError` naming a bad one. */
  constructor(opts: RiskAverseAgentOptions) {
    super('RiskAverseActorCritic', opts);
  }

  observe(t: Transition<number, number>): StepStats | void {
    const { step, next, done } = this.augment(t);
    const { x, u, p, r } = step;
    const delta = r + (t.terminated ? 0 : this.gamma * (this.V[next] as number)) - (this.V[x] as number);
    this.V[x] = (this.V[x] as number) + this.criticLearningRate * delta;
    this.ascend(x, u, p, this.learningRate * this.discount * this.scaled(delta));
    this.discount = done ? 1 : this.discount * this.gamma;
    if (done) this.t++;
    return { tdError: delta };
  }
}

/**
 * Trains `agent` on `env` for whole episodes, synchronously: reset (seeded from `seed`), then act, step and observe
 * until the episode ends or `maxEpisodeSteps` (default 1000) steps pass, which counts as a truncation.
 */
export function trainEpisodes(env: Env<number, number>, agent: Agent<number, number>, opts: { episodes: number; seed: number; maxEpisodeSteps?: number }): void {
  checkInteger('trainEpisodes: episodes', opts.episodes, 0);
  const rng = new Rng(opts.seed);
  const cap = opts.maxEpisodeSteps ?? 1000;
  for (let e = 0; e < opts.episodes; e++) {
    let obs = env.reset({ seed: rng.uint32() }).observation;
    for (let len = 1; ; len++) {
      const action = agent.act(obs);
      const r = env.step(action);
      const truncated = r.truncated || (!r.terminated && len >= cap);
      agent.observe({ obs, action, reward: r.reward, nextObs: r.observation, terminated: r.terminated, truncated, info: r.info });
      if (r.terminated || truncated) break;
      obs = r.observation;
    }
  }
}
