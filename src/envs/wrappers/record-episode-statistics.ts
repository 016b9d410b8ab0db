import type { Env, EnvSnapshot, ResetOptions, ResetResult, StepResult } from '../../core/env.js';
import { InvalidArgumentError, describeValue } from '../../core/errors.js';
import { isConstrainedEnv } from '../constrained/constrained-env.js';
import { EpisodeCosts } from '../constrained/episode-costs.js';
import { envName } from '../env-name.js';
import { Wrapper, fillStep, stepSlot } from './wrapper.js';

/** What `RecordEpisodeStatistics` puts in the info of an episode's last step, as Gymnasium: return, length, seconds. */
export interface EpisodeStatistics {
  /** The undiscounted return. */
  readonly r: number;
  /** The number of steps. */
  readonly l: number;
  /** Wall-clock seconds since the episode's reset, rounded to microseconds. */
  readonly t: number;
  /**
   * For a `ConstrainedEnv`, each constraint's value over the episode, as its budget reads it: the discounted cost
   * Σ_t γ^t c_t for a discounted constraint, the mean cost per step for an average one.
   */
  readonly c?: readonly number[];
}

/** Options of `RecordEpisodeStatistics`. */
export interface RecordEpisodeStatisticsOptions {
  /** How many recent episodes the queues keep (default 100). */
  readonly bufferLength?: number;
  /** The info key of the statistics (default `episode`). */
  readonly statsKey?: string;
}

/**
 * Tracks each episode's return, length and duration (Gymnasium's `RecordEpisodeStatistics`). On the step where an
 * episode ends, the info is a copy of the env's info with `info[statsKey] = { r, l, t }`; the last `bufferLength`
 * episodes stay in `returnQueue`, `lengthQueue` and `timeQueue`. Around a `ConstrainedEnv` the statistics also
 * hold `c`, each constraint's episode value, and `costQueue` keeps them; a step without valid `info.costs` is an error.
 */
export class RecordEpisodeStatistics<Obs, Act> extends Wrapper<Obs, Act> {
  readonly bufferLength: number;
  readonly statsKey: string;
  /** Returns of the most recent episodes, oldest first. */
  readonly returnQueue: number[] = [];
  /** Lengths of the most recent episodes, oldest first. */
  readonly lengthQueue: number[] = [];
  /** Durations in seconds of the most recent episodes, oldest first. */
  readonly timeQueue: number[] = [];
  /** Constraint values (`c`) of the most recent episodes, oldest first; empty for an unconstrained env. */
  readonly costQueue: (readonly number[])[] = [];
  /** Episodes finished since this wrapper was made. */
  episodeCount = 0;
  private readonly costs: EpisodeCosts | undefined;
  private episodeReturn = 0;
  private episodeLength = 0;
  private episodeStart = performance.now();
  private readonly slot = stepSlot<Obs>();

  constructor(env: Env<Obs, Act>, options: RecordEpisodeStatisticsOptions = {}) {
    super(env);
    this.bufferLength = options.bufferLength ?? 100;
    this.statsKey = options.statsKey ?? 'episode';
    if (!Number.isSafeInteger(this.bufferLength) || this.bufferLength < 1) {
      throw new InvalidArgumentError(
        `RecordEpisodeStatistics(${envName(env)}): bufferLength is ${describeValue(this.bufferLength)}, must be a positive integer`,
      );
    }
    this.costs = isConstrainedEnv(env) ? new EpisodeCosts(env.constraints) : undefined;
  }

  override reset(opts?: ResetOptions): ResetResult<Obs> {
    const r = this.env.reset(opts);
    this.episodeReturn = 0;
    this.episodeLength = 0;
    this.episodeStart = performance.now();
    this.costs?.reset();
    return r;
  }

  /** The episode's return and length, the queues, and the seconds the episode has run (its clock continues on restore). */
  override snapshot(): EnvSnapshot {
    return {
      ...super.snapshot(),
      episodeReturn: this.episodeReturn,
      episodeLength: this.episodeLength,
      episodeMs: performance.now() - this.episodeStart,
      episodeCount: this.episodeCount,
      queues: { r: [...this.returnQueue], l: [...this.lengthQueue], t: [...this.timeQueue] },
    };
  }

  override restore(snapshot: EnvSnapshot): void {
    super.restore(snapshot);
    this.episodeReturn = snapshot.episodeReturn as number;
    this.episodeLength = snapshot.episodeLength as number;
    this.episodeStart = performance.now() - (snapshot.episodeMs as number);
    this.episodeCount = snapshot.episodeCount as number;
    const q = snapshot.queues as { r: number[]; l: number[]; t: number[] };
    this.returnQueue.splice(0, this.returnQueue.length, ...q.r);
    this.lengthQueue.splice(0, this.lengthQueue.length, ...q.l);
    this.timeQueue.splice(0, this.timeQueue.length, ...q.t);
  }

  override step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    this.episodeReturn += r.reward;
    this.episodeLength++;
    this.costs?.add(r.info, () => `RecordEpisodeStatistics(${envName(this.env)}): step ${this.episodeLength} of episode ${this.episodeCount + 1}`);
    if (!r.terminated && !r.truncated) return r;
    const t = Math.round((performance.now() - this.episodeStart) * 1000) / 1e6;
    const c = this.costs?.finish();
    const episode: EpisodeStatistics = { r: this.episodeReturn, l: this.episodeLength, t, ...(c ? { c } : {}) };
    if (c) push(this.costQueue, c, this.bufferLength);
    this.episodeCount++;
    push(this.returnQueue, episode.r, this.bufferLength);
    push(this.lengthQueue, episode.l, this.bufferLength);
    push(this.timeQueue, episode.t, this.bufferLength);
    // The env may hand back a shared (even frozen) info object: copy it rather than add a key to it.
    return fillStep(this.slot, r, r.observation, r.reward, { ...r.info, [this.statsKey]: episode });
  }
}

function push<T>(queue: T[], value: T, max: number): void {
  queue.push(value);
  if (queue.length > max) queue.shift();
}
