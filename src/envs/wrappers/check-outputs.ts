import type { Env, ResetOptions, ResetResult, StepResult } from '../../core/env.js';
import { ConvergeError, EnvError, describeValue } from '../../core/errors.js';
import { envName } from '../env-name.js';
import { Wrapper } from './wrapper.js';

/** The first entry of a number or numeric array that is not finite, if any (other observations are not looked into). */
function nonFinite(obs: unknown): number | undefined {
  if (typeof obs === 'number') return Number.isFinite(obs) ? undefined : obs;
  if (ArrayBuffer.isView(obs) || Array.isArray(obs)) {
    const a = obs as ArrayLike<unknown>;
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (typeof v === 'number' && !Number.isFinite(v)) return v;
    }
  }
  return undefined;
}

/**
 * Checks what an environment returns while a run uses it, so a broken user env stops the run with a message
 * instead of training on garbage: every observation and reward must be finite, and during the first episode every
 * observation must lie in the observation space (after it, only finiteness is checked, which is cheap). A
 * violation, or an exception thrown by the env that is not a converge-rl error, becomes an `EnvError` naming the
 * env, the call, the step of the episode and the value.
 */
export class CheckOutputs<Obs, Act> extends Wrapper<Obs, Act> {
  private readonly name: string;
  private episode = 0;
  private t = 0;

  /** `name` names the env in messages (default: its registered id or class name). */
  constructor(env: Env<Obs, Act>, name: string = envName(env)) {
    super(env);
    this.name = name;
  }

  override reset(opts?: ResetOptions): ResetResult<Obs> {
    this.episode += 1;
    this.t = 0;
    const r = this.call('reset', () => this.env.reset(opts));
    this.checkObservation(r.observation, 'reset');
    return r;
  }

  override step(action: Act): StepResult<Obs> {
    this.t += 1;
    const r = this.call('step', () => this.env.step(action));
    const where = this.where('step');
    if (typeof r.reward !== 'number' || !Number.isFinite(r.reward)) throw new EnvError(`${where} returned reward ${describeValue(r.reward)}; rewards must be finite numbers`);
    this.checkObservation(r.observation, 'step');
    return r;
  }

  private where(call: 'reset' | 'step'): string {
    return `env ${this.name}: ${call}${call === 'step' ? ` ${this.t}` : ''} of episode ${this.episode}`;
  }

  private call<R>(call: 'reset' | 'step', f: () => R): R {
    try {
      return f();
    } catch (e) {
      if (e instanceof ConvergeError) throw e;
      throw new EnvError(`${this.where(call)} threw ${e instanceof Error ? `${e.name}: ${e.message}` : describeValue(e)}`, { cause: e });
    }
  }

  private checkObservation(obs: Obs, call: 'reset' | 'step'): void {
    const bad = nonFinite(obs);
    if (bad !== undefined) throw new EnvError(`${this.where(call)} returned observation ${describeValue(obs)} with entry ${describeValue(bad)}; observations must be finite`);
    if (this.episode === 1 && !this.env.observationSpace.contains(obs)) {
      throw new EnvError(`${this.where(call)} returned observation ${describeValue(obs)}, which is not in its observation space ${String(this.env.observationSpace)}`);
    }
  }
}
