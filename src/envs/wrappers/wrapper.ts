import { supportsSnapshot, type Env, type EnvSnapshot, type EnvSpec, type Info, type ResetOptions, type ResetResult, type Snapshottable, type StepResult, type StepSlot } from '../../core/env.js';
import { checkSnapshot, snapshotOf } from '../../core/env-snapshot.js';
import { StateError } from '../../core/errors.js';
import { envName } from '../env-name.js';
import type { Space } from '../../core/spaces/index.js';
import type { ConstraintSpec } from '../constrained/constrained-env.js';

/** A fresh `StepSlot`; its observation is a placeholder until the first step writes it. */
export function stepSlot<Obs>(): StepSlot<Obs> {
  return { observation: undefined as Obs, reward: 0, terminated: false, truncated: false, info: {} };
}

/** Fills `slot` from `from` with the given observation, reward and info, and returns it. */
export function fillStep<Obs>(slot: StepSlot<Obs>, from: StepResult<unknown>, observation: Obs, reward: number, info: Info = from.info): StepResult<Obs> {
  slot.observation = observation;
  slot.reward = reward;
  slot.terminated = from.terminated;
  slot.truncated = from.truncated;
  slot.info = info;
  return slot;
}

/**
 * An environment around another one (Gymnasium's `Wrapper`): it forwards everything to `env`, and a subclass
 * overrides the one thing it changes. `spec`, `metadata` and `unwrapped` always pass through to the inner env.
 * `InnerObs`/`InnerAct` are what the inner env returns and takes; `Obs`/`Act` what the wrapper shows outside (the
 * same unless a subclass maps them), so `new Wrapper(env)` keeps the env's types. A wrapper snapshots when its inner
 * env does: a subclass with state of its own adds it in `snapshot` and takes it back in `restore`.
 */
export class Wrapper<InnerObs = unknown, InnerAct = unknown, Obs = InnerObs, Act = InnerAct> implements Env<Obs, Act>, Snapshottable {
  constructor(readonly env: Env<InnerObs, InnerAct>) {}

  get observationSpace(): Space<Obs> {
    return this.env.observationSpace as unknown as Space<Obs>;
  }

  get actionSpace(): Space<Act> {
    return this.env.actionSpace as unknown as Space<Act>;
  }

  get spec(): EnvSpec | undefined {
    return this.env.spec;
  }

  set spec(spec: EnvSpec | undefined) {
    this.env.spec = spec;
  }

  get metadata(): Readonly<Record<string, unknown>> {
    return this.env.metadata;
  }

  get unwrapped(): Env<unknown, unknown> {
    return this.env.unwrapped;
  }

  /** The inner env's constraints when it is a `ConstrainedEnv` (else undefined), so wrapping keeps them. */
  get constraints(): readonly ConstraintSpec[] | undefined {
    return (this.env as { readonly constraints?: readonly ConstraintSpec[] }).constraints;
  }

  reset(opts?: ResetOptions): ResetResult<Obs> {
    return this.env.reset(opts) as unknown as ResetResult<Obs>;
  }

  step(action: Act): StepResult<Obs> {
    return this.env.step(action as unknown as InnerAct) as unknown as StepResult<Obs>;
  }

  close(): void {
    this.env.close();
  }

  /** Whether the inner env can snapshot (a wrapper has nothing to save without it). */
  canSnapshot(): boolean {
    return supportsSnapshot(this.env);
  }

  /** The inner env's snapshot under `inner` (subclasses add their own fields). */
  snapshot(): EnvSnapshot {
    if (!supportsSnapshot(this.env)) throw new StateError(`${this.constructor.name}(${envName(this.env)}): the inner env has no snapshot()/restore(); it cannot be saved mid-episode`);
    return snapshotOf(this.constructor.name, { inner: this.env.snapshot() });
  }

  /** Restores a `snapshot` of a wrapper of the same class around the same kind of env. */
  restore(snapshot: EnvSnapshot): void {
    const s = checkSnapshot(`${this.constructor.name}(${envName(this.env)})`, snapshot, this.constructor.name);
    if (!supportsSnapshot(this.env)) throw new StateError(`${this.constructor.name}(${envName(this.env)}): the inner env has no snapshot()/restore()`);
    this.env.restore(s.inner as EnvSnapshot);
  }
}

/** A wrapper that maps every observation (Gymnasium's `ObservationWrapper`); subclasses define `observation`. */
export abstract class ObservationWrapper<Obs, Act, InnerObs> extends Wrapper<InnerObs, Act, Obs, Act> {
  private readonly slot = stepSlot<Obs>();

  /** The observation shown outside for the inner env's `obs`. */
  abstract observation(obs: InnerObs): Obs;

  override reset(opts?: ResetOptions): ResetResult<Obs> {
    const r = this.env.reset(opts);
    return { observation: this.observation(r.observation), info: r.info };
  }

  override step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    return fillStep(this.slot, r, this.observation(r.observation), r.reward);
  }
}

/** A wrapper that maps every reward (Gymnasium's `RewardWrapper`); subclasses define `reward`. */
export abstract class RewardWrapper<Obs, Act> extends Wrapper<Obs, Act> {
  private readonly slot = stepSlot<Obs>();

  /** The reward shown outside for the inner env's `reward`. */
  abstract reward(reward: number): number;

  override step(action: Act): StepResult<Obs> {
    const r = this.env.step(action);
    return fillStep(this.slot, r, r.observation, this.reward(r.reward));
  }
}

/** A wrapper that maps every action before the inner env sees it (Gymnasium's `ActionWrapper`). */
export abstract class ActionWrapper<Obs, Act, InnerAct> extends Wrapper<Obs, InnerAct, Obs, Act> {
  /** The inner env's action for the outside `action`. */
  abstract action(action: Act): InnerAct;

  override step(action: Act): StepResult<Obs> {
    return this.env.step(this.action(action));
  }
}
