import { supportsSnapshot, type Env, type EnvSnapshot, type EnvSpec, type Info, type Snapshottable, type StepResult, type VectorEnv, type VectorResetResult, type VectorStepResult, type Writable } from '../../core/env.js';
import { checkSnapshot, snapshotOf } from '../../core/env-snapshot.js';
import { InvalidArgumentError, StateError, describeValue } from '../../core/errors.js';
import type { Space } from '../../core/spaces/index.js';
import { envName, withEnvContext } from '../env-name.js';
import { checkVectorStep, vectorResetSeed } from './vector-checks.js';

/** How many numbers one member of a batchable space takes in a row, or throws for spaces that do not batch. */
function rowSize(space: Space<unknown>, role: string, name: string): number {
  // By the JSON type, not instanceof, so that spaces from another loaded copy of converge-rl batch too.
  const type = space.toJSON().type;
  if (type === 'Discrete') return 1;
  if (type === 'Box' || type === 'MultiDiscrete' || type === 'MultiBinary') return space.shape.reduce((a, b) => a * b, 1);
  throw new InvalidArgumentError(
    `SyncVectorEnv(${name}): the ${role} space ${String(space)} cannot be batched into rows; use Box, Discrete, MultiDiscrete or MultiBinary`,
  );
}

/**
 * Steps N environments one after another in this thread and batches their results (Gymnasium 1.x's
 * `SyncVectorEnv`, next-step autoreset; see `VectorEnv`). Observations are rows of one `Float32Array`
 * (`[N, ...shape]`, a Discrete observation is one entry); actions are one `Int32Array` entry per copy for a
 * Discrete action space, else `N * size` entries row-major. All result arrays are reused on every call.
 */
export class SyncVectorEnv<Act extends Float32Array | Int32Array = Float32Array | Int32Array> implements VectorEnv<Act>, Snapshottable {
  readonly numEnvs: number;
  private readonly copies: { readonly label: string; readonly firstIndex: number };
  readonly envs: readonly Env<unknown, unknown>[];
  readonly singleObservationSpace: Space<unknown>;
  readonly singleActionSpace: Space<unknown>;
  /** Numbers per copy in the observation batch. */
  readonly observationSize: number;
  /** Numbers per copy in the action batch. */
  readonly actionSize: number;
  readonly autoreset: Uint8Array;
  spec: EnvSpec | undefined;
  /** 1 where the copy ended on the last call and will be reset by the next `step`. */
  private readonly pending: Uint8Array;
  private readonly discreteAction: boolean;
  /** One reused action array per copy when actions are vectors. */
  private readonly actionRows: (Float32Array | Int32Array)[];
  private readonly result: Writable<VectorStepResult> & { infos: Info[] };
  private started = false;

  /**
   * `copies` names the copies in errors from a step or reset: `label` and the index of copy 0 (another vector env
   * that runs this one as a slice of its copies passes its own name and the slice's first index).
   */
  constructor(factories: readonly (() => Env<unknown, unknown>)[], copies: { label: string; firstIndex: number } = { label: 'SyncVectorEnv', firstIndex: 0 }) {
    if (!Array.isArray(factories) || factories.length === 0 || !factories.every((f) => typeof f === 'function')) {
      throw new InvalidArgumentError(`SyncVectorEnv: needs a non-empty array of factories () => Env, got ${describeValue(factories)}`);
    }
    this.copies = copies;
    this.envs = factories.map((f) => f());
    const first = this.envs[0] as Env<unknown, unknown>;
    const name = envName(first);
    this.numEnvs = this.envs.length;
    this.singleObservationSpace = first.observationSpace;
    this.singleActionSpace = first.actionSpace;
    this.spec = first.spec;
    const obsJson = JSON.stringify(first.observationSpace.toJSON());
    const actJson = JSON.stringify(first.actionSpace.toJSON());
    this.envs.forEach((env, i) => {
      if (JSON.stringify(env.observationSpace.toJSON()) !== obsJson || JSON.stringify(env.actionSpace.toJSON()) !== actJson) {
        throw new InvalidArgumentError(
          `SyncVectorEnv(${name}): copy ${i} has spaces ${String(env.observationSpace)} / ${String(env.actionSpace)}, ` +
            `copy 0 has ${String(first.observationSpace)} / ${String(first.actionSpace)}; all copies must match`,
        );
      }
    });
    this.observationSize = rowSize(first.observationSpace, 'observation', name);
    this.actionSize = rowSize(first.actionSpace, 'action', name);
    const actionType = first.actionSpace.toJSON().type;
    this.discreteAction = actionType === 'Discrete';
    const vectorOf = actionType === 'Box' ? Float32Array : Int32Array;
    this.actionRows = this.discreteAction ? [] : this.envs.map(() => new vectorOf(this.actionSize));
    const n = this.numEnvs;
    this.autoreset = new Uint8Array(n);
    this.pending = new Uint8Array(n);
    this.result = {
      observations: new Float32Array(n * this.observationSize),
      rewards: new Float64Array(n),
      terminated: new Uint8Array(n),
      truncated: new Uint8Array(n),
      infos: new Array<Info>(n).fill({}),
    };
  }

  /**
   * Resets every copy; with a seed, copy i is seeded with `seed + i` (Gymnasium's rule). A first reset without a
   * seed acts as seed 0, so the copies start on different streams (Gymnasium draws OS entropy there; we stay
   * deterministic); later resets without a seed continue each copy's stream.
   */
  reset(opts: { seed?: number; options?: Record<string, unknown> } = {}): VectorResetResult {
    const { options } = opts;
    const seed = vectorResetSeed(`SyncVectorEnv(${this.name})`, opts.seed, this.started);
    const r = this.result;
    for (let i = 0; i < this.numEnvs; i++) {
      const env = this.envs[i] as Env<unknown, unknown>;
      const out = env.reset(seed === undefined ? { options } : { seed: seed + i, options });
      this.writeObservation(i, out.observation);
      r.infos[i] = out.info;
    }
    this.autoreset.fill(0);
    this.pending.fill(0);
    r.rewards.fill(0);
    r.terminated.fill(0);
    r.truncated.fill(0);
    this.started = true;
    return { observations: r.observations, infos: r.infos };
  }

  /**
   * Steps every copy with its action; a copy that ended on the previous call is reset instead (its action
   * ignored, reward 0, flags 0, `autoreset[i] = 1`).
   */
  step(actions: Act): VectorStepResult {
    checkVectorStep(`SyncVectorEnv(${this.name})`, this.started, actions, this.numEnvs, this.actionSize);
    const r = this.result;
    for (let i = 0; i < this.numEnvs; i++) {
      const env = this.envs[i] as Env<unknown, unknown>;
      if (this.pending[i] === 1) {
        const out = env.reset();
        this.writeObservation(i, out.observation);
        r.infos[i] = out.info;
        r.rewards[i] = 0;
        r.terminated[i] = 0;
        r.truncated[i] = 0;
        this.autoreset[i] = 1;
        this.pending[i] = 0;
        continue;
      }
      let out: StepResult<unknown>;
      try {
        out = env.step(this.actionFor(actions, i));
      } catch (err) {
        throw withEnvContext(err, `${this.copies.label} copy ${this.copies.firstIndex + i}`);
      }
      this.writeObservation(i, out.observation);
      r.infos[i] = out.info;
      r.rewards[i] = out.reward;
      r.terminated[i] = out.terminated ? 1 : 0;
      r.truncated[i] = out.truncated ? 1 : 0;
      this.autoreset[i] = 0;
      this.pending[i] = out.terminated || out.truncated ? 1 : 0;
    }
    return r;
  }

  close(): void {
    for (const env of this.envs) env.close();
  }

  /** Whether every copy can snapshot. */
  canSnapshot(): boolean {
    return this.envs.every((env) => supportsSnapshot(env));
  }

  /** Every copy's snapshot, which copies reset on the next step, and the last observations (see `Snapshottable`). */
  snapshot(): EnvSnapshot {
    const copies = this.envs.map((env, i) => {
      if (!supportsSnapshot(env)) throw new StateError(`SyncVectorEnv(${this.name}): copy ${i} has no snapshot()/restore(); it cannot be saved mid-episode`);
      return env.snapshot();
    });
    return snapshotOf('SyncVectorEnv', {
      started: this.started,
      pending: Array.from(this.pending),
      autoreset: Array.from(this.autoreset),
      observations: Array.from(this.result.observations),
      copies,
    });
  }

  /** Restores a `snapshot` of a vector env with as many copies of the same env. */
  restore(snapshot: EnvSnapshot): void {
    const s = checkSnapshot(`SyncVectorEnv(${this.name})`, snapshot, 'SyncVectorEnv');
    const copies = s.copies as EnvSnapshot[];
    if (copies.length !== this.numEnvs) throw new StateError(`SyncVectorEnv(${this.name}): the snapshot has ${copies.length} copies, this env ${this.numEnvs}`);
    this.envs.forEach((env, i) => {
      if (!supportsSnapshot(env)) throw new StateError(`SyncVectorEnv(${this.name}): copy ${i} has no snapshot()/restore()`);
      env.restore(copies[i] as EnvSnapshot);
    });
    this.started = s.started as boolean;
    this.pending.set(s.pending as number[]);
    this.autoreset.set(s.autoreset as number[]);
    this.result.observations.set(s.observations as number[]);
  }

  private get name(): string {
    return this.spec?.id ?? envName(this.envs[0] as Env<unknown, unknown>);
  }

  private actionFor(actions: Act, i: number): unknown {
    if (this.discreteAction) return actions[i];
    const row = this.actionRows[i] as Float32Array | Int32Array;
    const base = i * this.actionSize;
    for (let j = 0; j < row.length; j++) row[j] = actions[base + j] as number;
    return row;
  }

  private writeObservation(i: number, obs: unknown): void {
    const out = this.result.observations;
    const base = i * this.observationSize;
    if (typeof obs === 'number') {
      out[base] = obs;
      return;
    }
    const arr = obs as ArrayLike<number>;
    if (arr === null || typeof arr !== 'object' || arr.length !== this.observationSize) {
      throw new InvalidArgumentError(
        `SyncVectorEnv(${this.name}): copy ${i} returned observation ${describeValue(obs)}, expected ${this.observationSize} numbers`,
      );
    }
    for (let j = 0; j < this.observationSize; j++) out[base + j] = arr[j] as number;
  }
}
