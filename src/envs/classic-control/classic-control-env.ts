import type { Env, EnvSnapshot, EnvSpec, Info, ResetOptions, ResetResult, Snapshottable, StepResult, StepSlot } from '../../core/env.js';
import { checkSnapshot, snapshotOf } from '../../core/env-snapshot.js';
import { InvalidArgumentError, StateError, describeValue } from '../../core/errors.js';
import { Rng, type RngState } from '../../core/rng.js';
import type { Box, Space } from '../../core/spaces/index.js';

/** The info of every step: shared and frozen so `step` allocates nothing; wrappers that add keys must copy it. */
const STEP_INFO: Info = Object.freeze({});

/** The stream used when `reset` was never given a seed (the Env contract asks for a fixed default). */
const DEFAULT_SEED = 'converge-rl:classic-control';

/**
 * What the four classic-control environments share: a float64 internal state that can be read and set, a float32
 * observation array and a step result both reused on every call, Gymnasium's seeding rule, and bad-input checks.
 * A subclass supplies the initial-state distribution, the dynamics and the observation map.
 */
export abstract class ClassicControlEnv<Act> implements Env<Float32Array, Act>, Snapshottable {
  spec: EnvSpec | undefined = undefined;
  abstract readonly observationSpace: Box;
  abstract readonly actionSpace: Space<Act>;
  abstract readonly metadata: Readonly<Record<string, unknown>>;
  /** The internal state, in Gymnasium's order and units. */
  protected readonly state: Float64Array;
  private readonly result: StepSlot<Float32Array>;
  private rngStream: Rng | undefined;
  private started = false;

  protected constructor(
    private readonly defaultId: string,
    stateSize: number,
    observationSize: number,
  ) {
    this.state = new Float64Array(stateSize);
    this.result = { observation: new Float32Array(observationSize), reward: 0, terminated: false, truncated: false, info: STEP_INFO };
  }

  /** The id used in messages: the registered one when built by `make`, else the Gymnasium id. */
  get id(): string {
    return this.spec?.id ?? this.defaultId;
  }

  /** This environment itself: there is nothing under it. */
  get unwrapped(): this {
    return this;
  }

  /** The environment's random stream: the last seeded one, or the fixed default when never seeded. */
  protected get rng(): Rng {
    return (this.rngStream ??= new Rng(DEFAULT_SEED));
  }

  /** Starts an episode from Gymnasium's initial-state distribution; `seed` restarts the random stream. */
  reset(opts: ResetOptions = {}): ResetResult<Float32Array> {
    if (opts.seed !== undefined) {
      if (!Number.isSafeInteger(opts.seed) || opts.seed < 0) {
        throw new InvalidArgumentError(`${this.id}: seed ${describeValue(opts.seed)} must be a non-negative integer`);
      }
      this.rngStream = new Rng(opts.seed);
    }
    this.sampleInitialState(this.rng, opts.options);
    return { observation: this.begin(), info: {} };
  }

  /** Advances one step; the returned object and its observation are overwritten by the next call. */
  step(action: Act): StepResult<Float32Array> {
    if (!this.started) throw new StateError(`${this.id}: step() called before reset(); call reset() or setState() first`);
    this.checkAction(action);
    const out = this.result;
    this.advance(action, out);
    this.observe(out.observation);
    return out;
  }

  close(): void {}

  /** The physical state, the episode's bookkeeping and the random stream, as JSON (see `Snapshottable`). */
  snapshot(): EnvSnapshot {
    return snapshotOf(this.defaultId, { state: Array.from(this.state), rng: this.rngStream?.getState() ?? null, started: this.started, episode: this.episodeState() });
  }

  /** Continues from a `snapshot` of the same kind of env: the next `step` gives what it would have given there. */
  restore(snapshot: EnvSnapshot): void {
    const s = checkSnapshot(this.id, snapshot, this.defaultId);
    this.state.set(s.state as number[]);
    this.rngStream = s.rng === null ? undefined : Rng.fromState(s.rng as RngState);
    this.started = s.started as boolean;
    this.restoreEpisodeState(s.episode as Readonly<Record<string, unknown>>);
    if (this.started) this.observe(this.result.observation);
  }

  /** A copy of the internal float64 state (Gymnasium's `env.unwrapped.state`). */
  getState(): Float64Array {
    return this.state.slice();
  }

  /**
   * Puts the environment into `state` (Gymnasium's `env.unwrapped.state = ...`) and starts an episode there;
   * returns the observation of that state. Throws on a wrong length or a non-finite entry.
   */
  setState(state: ArrayLike<number>): Float32Array {
    if (state.length !== this.state.length) {
      throw new InvalidArgumentError(`${this.id}: state ${describeValue(state)} has ${state.length} entries, must have ${this.state.length}`);
    }
    for (let i = 0; i < state.length; i++) {
      if (!Number.isFinite(state[i])) {
        throw new InvalidArgumentError(`${this.id}: state entry ${i} is ${describeValue(state[i])}, must be a finite number`);
      }
    }
    this.state.set(state);
    return this.begin();
  }

  /** Throws `InvalidArgumentError` unless `action` is in the action space. */
  protected checkAction(action: Act): void {
    if (!this.actionSpace.contains(action)) throw this.badAction(action);
  }

  /** The error for an action outside the action space, naming the env, the value and the space. */
  protected badAction(action: unknown, note = ''): InvalidArgumentError {
    return new InvalidArgumentError(`${this.id}: action ${describeValue(action)} is not in ${this.actionSpace.toString()}${note}`);
  }

  /** Called when an episode starts (reset or setState), for per-episode bookkeeping. */
  protected onEpisodeStart(): void {}

  /** Per-episode bookkeeping beyond `state` (for snapshots); none by default. */
  protected episodeState(): Readonly<Record<string, unknown>> {
    return {};
  }

  /** Restores what `episodeState` returned. */
  protected restoreEpisodeState(_saved: Readonly<Record<string, unknown>>): void {}

  /** Draws the initial state into `this.state`. */
  protected abstract sampleInitialState(rng: Rng, options: Readonly<Record<string, unknown>> | undefined): void;

  /** Applies one transition to `this.state` and writes the reward and the terminal flag into `out`. */
  protected abstract advance(action: Act, out: StepSlot<Float32Array>): void;

  /** Writes the observation of `this.state` into `out` (float32 rounding of float64 values). */
  protected abstract observe(out: Float32Array): void;

  private begin(): Float32Array {
    this.started = true;
    this.onEpisodeStart();
    this.observe(this.result.observation);
    return this.result.observation;
  }
}
