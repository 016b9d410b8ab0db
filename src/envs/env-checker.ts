import { supportsSnapshot, type Env } from '../core/env.js';
import { InvalidArgumentError, describeValue } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { Space } from '../core/spaces/index.js';
import { checkConstraints, costsProblem, isConstrainedEnv } from './constrained/constrained-env.js';
import { envName } from './env-name.js';
import { isPlainObject } from '../core/plain-object.js';

/** What `checkEnv` found: `ok` when `problems` is empty. */
export interface CheckEnvResult {
  readonly ok: boolean;
  readonly problems: readonly string[];
}

/** Options of `checkEnv`. */
export interface CheckEnvOptions {
  /** The seed of the resets and of the random actions (default 0). */
  readonly seed?: number;
  /** Random-action steps per rollout (default 50); the rollout is run twice to compare. */
  readonly steps?: number;
}

/** One step of a checker rollout, copied so that an env reusing its arrays cannot change it. */
interface StepRecord {
  readonly observation: unknown;
  readonly reward: unknown;
  readonly terminated: unknown;
  readonly truncated: unknown;
  /** A constrained env's `info.costs`, copied. */
  readonly costs?: readonly number[];
}

/**
 * Checks that `env` keeps the Env contract (in the spirit of Gymnasium's `check_env`): both spaces are `Space`
 * instances; `reset` returns an observation inside the observation space and an info object; the same seed gives
 * the same first observation and, with the same actions, the same rollout; `step` returns an observation in the
 * space, a finite number reward, boolean flags and an info object; no NaN or Infinity anywhere. A `ConstrainedEnv`
 * must declare valid constraints and return, on every step, `info.costs`: a `Float64Array` of one finite cost per
 * constraint (a missing, NaN or wrongly sized cost is reported with the step it came from). An env with
 * `snapshot()`/`restore()` must replay the same steps after restoring a snapshot taken mid-episode (through JSON, as a
 * checkpoint stores it). It runs the env, so it leaves it mid-episode. Every problem is reported once, by its first
 * occurrence.
 */
export function checkEnv(env: Env<unknown, unknown>, options: CheckEnvOptions = {}): CheckEnvResult {
  const { problems, note } = problemList();
  if (typeof env !== 'object' || env === null) {
    return { ok: false, problems: [`the environment is ${describeValue(env)}, not an object`] };
  }
  for (const method of ['reset', 'step', 'close'] as const) {
    if (typeof env[method] !== 'function') note(method, `${method} is ${describeValue(env[method])}, must be a method`);
  }
  for (const role of ['observationSpace', 'actionSpace'] as const) {
    if (!isSpaceLike(env[role])) {
      note(role, `${role} is ${describeValue(env[role])}, must be a Space (Box, Discrete, ...) from converge-rl`);
    }
  }
  if (isConstrainedEnv(env)) {
    try {
      checkConstraints('constraints', env.constraints);
    } catch (err) {
      note('constraints', errorText(err));
    }
  }
  if (problems.length > 0) return { ok: false, problems };

  const seed = options.seed ?? 0;
  const steps = options.steps ?? 50;
  const first = rollout(env, seed, steps, note);
  if (first === undefined) return { ok: false, problems };
  const again = rollout(env, seed, steps, note);
  if (again !== undefined) {
    if (!sameValue(first[0], again[0])) {
      note('seed', `reset({ seed: ${seed} }) twice gave different observations ${describeValue(first[0]?.observation)} and ${describeValue(again[0]?.observation)}; seeding must make reset deterministic`);
    } else {
      const k = first.findIndex((rec, i) => !sameValue(rec, again[i]));
      if (k >= 0) note('replay', `the same seed and the same actions gave different results at step ${k}: ${describeValue(first[k])} then ${describeValue(again[k])}`);
    }
  }
  if (problems.length === 0) checkSnapshots(env, seed, steps, note);
  return { ok: problems.length === 0, problems };
}

/** A problem list that keeps only the first problem of each kind (`note(kind, message)`). */
export function problemList(): { readonly problems: string[]; readonly note: (kind: string, message: string) => void } {
  const problems: string[] = [];
  const seen = new Set<string>();
  return {
    problems,
    note: (kind, message) => {
      if (!seen.has(kind)) {
        seen.add(kind);
        problems.push(message);
      }
    },
  };
}

/** An env that snapshots: restored to a snapshot taken mid-episode, the same actions must give the same steps. */
function checkSnapshots(env: Env<unknown, unknown>, seed: number, steps: number, note: (kind: string, message: string) => void): void {
  if (!supportsSnapshot(env)) return;
  if (rollout(env, seed, Math.max(1, Math.floor(steps / 2)), note) === undefined) return;
  let snapshot: Record<string, unknown>;
  try {
    snapshot = JSON.parse(JSON.stringify(env.snapshot())) as Record<string, unknown>;
  } catch (err) {
    note('snapshot', `snapshot() mid-episode threw ${errorText(err)}; it must return the state as plain JSON`);
    return;
  }
  const ahead = rollout(env, seed + 1, steps, note, false);
  try {
    env.restore(snapshot);
  } catch (err) {
    note('restore', `restore(snapshot) threw ${errorText(err)} on a snapshot that went through JSON`);
    return;
  }
  const replay = rollout(env, seed + 1, steps, note, false);
  if (ahead === undefined || replay === undefined) return;
  const k = ahead.findIndex((rec, i) => !sameValue(rec, replay[i]));
  if (k >= 0) {
    note('snapshot-replay', `after restore(snapshot()) the same actions gave different results at step ${k}: ${describeValue(ahead[k])} then ${describeValue(replay[k])}; the snapshot must hold the whole state, random stream included`);
  }
}

/** Runs `checkEnv` and throws `InvalidArgumentError` listing every problem when there is one. */
export function assertEnv(env: Env<unknown, unknown>, options: CheckEnvOptions = {}): void {
  const { ok, problems } = checkEnv(env, options);
  if (!ok) {
    throw new InvalidArgumentError(`${nameOf(env)} does not keep the Env contract:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Resets with `seed` (unless `fromReset` is false: then it continues the episode under way) and steps random actions
 * drawn from `seed`, checking each result; entry 0 is the reset. Undefined when it threw.
 */
function rollout(env: Env<unknown, unknown>, seed: number, steps: number, note: (kind: string, message: string) => void, fromReset = true): StepRecord[] | undefined {
  const records: StepRecord[] = [];
  const rng = new Rng(seed);
  const costCount = isConstrainedEnv(env) ? env.constraints.length : undefined;
  const reset = (opts: { seed?: number }): boolean => {
    const call = opts.seed === undefined ? 'reset()' : `reset({ seed: ${seed} })`;
    let r: unknown;
    try {
      r = env.reset(opts);
    } catch (err) {
      note('reset-throws', `${call} threw ${errorText(err)}`);
      return false;
    }
    if (typeof r !== 'object' || r === null || !('observation' in r)) {
      note('reset-shape', `${call} returned ${describeValue(r)}, must return { observation, info }`);
      return false;
    }
    const { observation, info } = r as { observation: unknown; info: unknown };
    checkObservation(env, observation, call, note);
    if (!isPlainObject(info)) note('reset-info', `${call} returned info ${describeValue(info)}, must be a plain object`);
    records.push({ observation: copy(observation), reward: 0, terminated: false, truncated: false });
    return true;
  };
  if (fromReset && !reset({ seed })) return undefined;
  for (let k = 0; k < steps; k++) {
    const action = env.actionSpace.sample(rng);
    const call = `step(${describeValue(action)})`;
    let r: unknown;
    try {
      r = env.step(action);
    } catch (err) {
      note('step-throws', `${call} at step ${k} threw ${errorText(err)}`);
      return undefined;
    }
    if (typeof r !== 'object' || r === null || !('observation' in r)) {
      note('step-shape', `${call} returned ${describeValue(r)}, must return { observation, reward, terminated, truncated, info }`);
      return undefined;
    }
    const { observation, reward, terminated, truncated, info } = r as Record<string, unknown>;
    checkObservation(env, observation, call, note);
    if (typeof reward !== 'number' || !Number.isFinite(reward)) note('reward', `${call} returned reward ${describeValue(reward)}, must be a finite number`);
    if (typeof terminated !== 'boolean') note('terminated', `${call} returned terminated ${describeValue(terminated)}, must be true or false`);
    if (typeof truncated !== 'boolean') note('truncated', `${call} returned truncated ${describeValue(truncated)}, must be true or false`);
    if (!isPlainObject(info)) note('step-info', `${call} returned info ${describeValue(info)}, must be a plain object`);
    else if (costCount !== undefined) {
      const problem = costsProblem(info as Record<string, unknown>, costCount);
      if (problem !== undefined) note('costs', `${call} at step ${k}: ${problem}`);
    }
    const costs = costCount !== undefined && isPlainObject(info) && (info as { costs?: unknown }).costs instanceof Float64Array ? Array.from((info as { costs: Float64Array }).costs) : undefined;
    records.push({ observation: copy(observation), reward, terminated, truncated, ...(costs ? { costs } : {}) });
    if ((terminated === true || truncated === true) && !reset({})) return undefined;
  }
  return records;
}

function checkObservation(env: Env<unknown, unknown>, obs: unknown, call: string, note: (kind: string, message: string) => void): void {
  if (hasNonFinite(obs)) note('obs-finite', `${call} returned observation ${describeValue(obs)} with NaN or Infinity`);
  else if (!env.observationSpace.contains(obs)) note('obs-space', `${call} returned observation ${describeValue(obs)}, not in ${env.observationSpace.toString()}`);
}

/** True when a number, array, typed array or object holds NaN or ±Infinity anywhere. */
export function hasNonFinite(x: unknown): boolean {
  if (typeof x === 'number') return !Number.isFinite(x);
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) return Array.prototype.some.call(x, (v: unknown) => typeof v === 'number' && !Number.isFinite(v));
  if (Array.isArray(x)) return x.some(hasNonFinite);
  if (typeof x === 'object' && x !== null) return Object.values(x).some(hasNonFinite);
  return false;
}

/** A deep copy of plain data and typed arrays, enough to keep an observation past the env's next call. */
function copy(x: unknown): unknown {
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) return Array.from(x as unknown as ArrayLike<number>);
  if (Array.isArray(x)) return x.map(copy);
  if (typeof x === 'object' && x !== null) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, copy(v)]));
  return x;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A `Space`, or one from another loaded copy of converge-rl (same methods), as a user's module may bring. */
export function isSpaceLike(x: unknown): x is Space<unknown> {
  if (x instanceof Space) return true;
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Record<string, unknown>;
  return Array.isArray(s.shape) && ['sample', 'contains', 'toJSON', 'toString'].every((m) => typeof s[m] === 'function');
}

/** An error as `Name: message` for a problem report. */
export function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : describeValue(err);
}

function nameOf(env: unknown): string {
  return typeof env === 'object' && env !== null ? envName(env as Env<unknown, unknown>) : describeValue(env);
}
