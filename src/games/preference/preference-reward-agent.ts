import { observeInOrder, type ActOptions, type Agent, type ObserveResult, type Transition } from '../../core/agent.js';
import { checkInteger } from '../../core/checks.js';
import { InvalidArgumentError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import { type FeatureComparison, fitLinearBradleyTerry } from './linear-bradley-terry.js';
import type { PairwisePreference } from './pairwise-preference.js';
import { type RewardPlacement, placeReward, winRateRewards } from './win-rate-reward.js';

/** One finished episode: what the preference model compares. `rewards` are the environment's own. */
export interface Trajectory<Obs, Act> {
  readonly observations: readonly Obs[];
  readonly actions: readonly Act[];
  readonly rewards: readonly number[];
  readonly terminated: boolean;
}

/** Turns a completed group of trajectories into per-step rewards, one array per trajectory. */
export interface TrajectoryRewarder<Obs, Act> {
  rewards(group: readonly Trajectory<Obs, Act>[]): Float64Array[];
}

/** Options of `PreferenceRewardAgent`. */
export interface PreferenceRewardAgentOptions {
  /** A group closes at the first episode end with at least this many episodes (B ≥ 2, default 2) ... */
  readonly groupEpisodes?: number;
  /** ... and at least this many steps (default 0): set it to an on-policy learner's batch size to align the two. */
  readonly groupSteps?: number;
}

/**
 * Wraps any agent so that it learns from preferences instead of the environment's reward: it acts with the inner
 * agent, holds back each group of episodes until the group closes, asks the rewarder for per-step rewards, and only
 * then shows the inner agent the group's transitions with those rewards. While a group is being collected the inner
 * agent learns nothing, so every trajectory of a group comes from the same policy. A checkpoint saves the inner
 * agent; a partly collected group is not saved (a resumed run starts a new group).
 */
export class PreferenceRewardAgent<Obs, Act> implements Agent<Obs, Act> {
  private readonly groupEpisodes: number;
  private readonly groupSteps: number;
  private group: Transition<Obs, Act>[][] = [];
  private episode: Transition<Obs, Act>[] = [];
  private groupStepCount = 0;
  /** Groups relabelled and passed on so far. */
  groups = 0;

  constructor(
    readonly inner: Agent<Obs, Act>,
    private readonly rewarder: TrajectoryRewarder<Obs, Act>,
    opts: PreferenceRewardAgentOptions = {},
  ) {
    this.groupEpisodes = opts.groupEpisodes ?? 2;
    this.groupSteps = opts.groupSteps ?? 0;
    checkInteger('PreferenceRewardAgent: groupEpisodes', this.groupEpisodes, 2);
    checkInteger('PreferenceRewardAgent: groupSteps', this.groupSteps, 0);
  }

  act(obs: Obs, opts?: ActOptions): Act {
    return this.inner.act(obs, opts);
  }

  /** Holds the step back; the step that closes a group passes the group on (a promise if the inner agent's update is one). */
  observe(t: Transition<Obs, Act>): ObserveResult {
    this.episode.push(t);
    this.groupStepCount++;
    if (!(t.terminated || t.truncated)) return;
    this.group.push(this.episode);
    this.episode = [];
    if (this.group.length < this.groupEpisodes || this.groupStepCount < this.groupSteps) return;
    const group = this.group;
    this.group = [];
    this.groupStepCount = 0;
    const trajectories = group.map((ep) => ({
      observations: ep.map((s) => s.obs),
      actions: ep.map((s) => s.action),
      rewards: ep.map((s) => s.reward),
      terminated: ep[ep.length - 1]!.terminated,
    }));
    const rewards = this.rewarder.rewards(trajectories);
    const relabelled = group.flatMap((ep, i) => {
      const r = rewards[i]!;
      if (r.length !== ep.length) throw new InvalidArgumentError(`PreferenceRewardAgent: the rewarder gave ${r.length} rewards for trajectory ${i} of ${ep.length} steps`);
      return ep.map((s, k) => ({ ...s, reward: r[k]! }));
    });
    this.groups++;
    return observeInOrder(this.inner, relabelled);
  }

  save(dir: string): Promise<void> {
    return this.inner.save(dir);
  }

  load(dir: string): Promise<void> {
    this.group = [];
    this.episode = [];
    this.groupStepCount = 0;
    return this.inner.load(dir);
  }

  dispose(): void {
    this.inner.dispose?.();
  }
}

/**
 * SPO's rewarder (Swamy et al. 2024, Algorithm 1): each trajectory's win rate against the others of its group under
 * the preference, at its last step or spread over its steps.
 */
export function spoRewarder<Obs, Act>(pref: PairwisePreference<Trajectory<Obs, Act>>, placement: RewardPlacement = 'final'): TrajectoryRewarder<Obs, Act> {
  placeReward(0, 1, placement); // checks the placement now
  return {
    rewards: (group) => Array.from(winRateRewards(group, pref), (w, i) => placeReward(w, group[i]!.observations.length, placement)),
  };
}

/** Options of `RewardModelRewarder`. */
export interface RewardModelOptions<Obs> {
  /** Per-step features f(s); the reward model is r(s) = φ·f(s) and a trajectory's reward Σ_t r(s_t). */
  readonly features: (obs: Obs) => ArrayLike<number>;
  /** Ridge weight of the fit (default 1). */
  readonly ridge?: number;
}

/**
 * The reward-model baseline: every pair of each group is compared once (a label drawn from the preference), all
 * comparisons so far are kept, a linear Bradley–Terry reward is refitted after each group, and the group's steps
 * are rewarded by the fitted r(s_t) (the RLHF recipe of Christiano et al. 2017, with a linear model).
 */
export class RewardModelRewarder<Obs, Act> implements TrajectoryRewarder<Obs, Act> {
  private readonly data: FeatureComparison[] = [];
  private phi: Float64Array | undefined;

  constructor(
    private readonly pref: PairwisePreference<Trajectory<Obs, Act>>,
    private readonly rng: Rng,
    private readonly opts: RewardModelOptions<Obs>,
  ) {}

  /** The current reward weights φ (undefined before the first group). */
  get weights(): Float64Array | undefined {
    return this.phi;
  }

  /** Comparisons collected so far. */
  get comparisons(): number {
    return this.data.length;
  }

  rewards(group: readonly Trajectory<Obs, Act>[]): Float64Array[] {
    const perStep = group.map((tr) => tr.observations.map((o) => Float64Array.from(this.opts.features(o))));
    const dim = perStep[0]![0]!.length;
    const totals = perStep.map((steps) => {
      const sum = new Float64Array(dim);
      for (const f of steps) for (let i = 0; i < dim; i++) sum[i]! += f[i]!;
      return sum;
    });
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        this.data.push({ a: totals[i]!, b: totals[j]!, label: this.rng.random() < this.pref(group[i]!, group[j]!) ? 1 : 0 });
      }
    }
    this.phi = fitLinearBradleyTerry(dim, this.data, { ridge: this.opts.ridge ?? 1, ...(this.phi ? { init: this.phi } : {}) });
    const phi = this.phi;
    return perStep.map((steps) => Float64Array.from(steps, (f) => f.reduce((s, x, i) => s + x * phi[i]!, 0)));
  }
}
