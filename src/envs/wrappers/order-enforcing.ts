import type { Env, EnvSnapshot, ResetOptions, ResetResult, StepResult } from '../../core/env.js';
import { StateError } from '../../core/errors.js';
import { envName, withEnvContext } from '../env-name.js';
import { Wrapper } from './wrapper.js';

/**
 * Enforces the call order of the Env contract (Gymnasium's `OrderEnforcing`, made stricter): `step` before the
 * first `reset`, or after an episode ended without a new `reset`, throws `StateError` naming the env and the fix.
 * Errors the inner env throws get the env id in front when they lack it. `make` adds it as the outermost wrapper,
 * so it also sees the truncation of `TimeLimit`.
 */
export class OrderEnforcing<Obs, Act> extends Wrapper<Obs, Act> {
  private started = false;
  private ended = '';

  constructor(env: Env<Obs, Act>) {
    super(env);
  }

  /** Whether `reset` has been called at least once. */
  get hasReset(): boolean {
    return this.started;
  }

  override reset(opts?: ResetOptions): ResetResult<Obs> {
    try {
      const r = this.env.reset(opts);
      this.started = true;
      this.ended = '';
      return r;
    } catch (err) {
      throw withEnvContext(err, envName(this));
    }
  }

  override snapshot(): EnvSnapshot {
    return { ...super.snapshot(), started: this.started, ended: this.ended };
  }

  override restore(snapshot: EnvSnapshot): void {
    super.restore(snapshot);
    this.started = snapshot.started as boolean;
    this.ended = snapshot.ended as string;
  }

  override step(action: Act): StepResult<Obs> {
    if (!this.started) {
      throw new StateError(`${envName(this)}: step() was called before reset(); call env.reset() first to start an episode`);
    }
    if (this.ended !== '') {
      throw new StateError(`${envName(this)}: step() was called after the episode ended (${this.ended}) without reset(); call env.reset() to start a new episode`);
    }
    let r: StepResult<Obs>;
    try {
      r = this.env.step(action);
    } catch (err) {
      throw withEnvContext(err, envName(this));
    }
    if (r.terminated || r.truncated) this.ended = r.terminated ? 'terminated' : 'truncated';
    return r;
  }
}
