import type { Env, EnvSnapshot, ResetOptions, ResetResult, StepResult } from '../../core/env.js';
import { InvalidArgumentError, describeValue } from '../../core/errors.js';
import { envName } from '../env-name.js';
import { Wrapper, fillStep, stepSlot } from './wrapper.js';

/**
 * Truncates an episode after `maxEpisodeSteps` steps (Gymnasium's `TimeLimit`): the step that reaches the limit
 * reports `truncated: true` (with `terminated` as the env said). `make` adds it from the spec.
 */
export class TimeLimit<Obs, Act> extends Wrapper<Obs, Act> {
  private elapsed = 0;
  private readonly slot = stepSlot<Obs>();

  constructor(
    env: Env<Obs, Act>,
    readonly maxEpisodeSteps: number,
  ) {
    super(env);
    if (!Number.isSafeInteger(maxEpisodeSteps) || maxEpisodeSteps < 1) {
      throw new InvalidArgumentError(`TimeLimit(${envName(env)}): maxEpisodeSteps is ${describeValue(maxEpisodeSteps)}, must be a positive integer`);
    }
  }

  /** Steps taken since the last reset. */
  get elapsedSteps(): number {
    return this.elapsed;
  }

  override reset(opts?: ResetOptions): ResetResult<Obs> {
    this.elapsed = 0;
    return this.env.reset(opts);
  }

  override snapshot(): EnvSnapshot {
    return { ...super.snapshot(), elapsed: this.elapsed };
  }

  override restore(snapshot: EnvSnapshot): void {
    super.restore(snapshot);
    this.elapsed = snapshot.elapsed as number;
  }

  override step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    this.elapsed++;
    if (this.elapsed < this.maxEpisodeSteps || r.truncated) return r;
    const out = fillStep(this.slot, r, r.observation, r.reward);
    this.slot.truncated = true;
    return out;
  }
}
