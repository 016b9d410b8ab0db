import { basename, resolve } from 'node:path';
import type { Env, VectorEnv } from '../core/env.js';
import { envName } from '../envs/env-name.js';
import { envSpec, make } from '../envs/registry.js';
import { loadEnvModule } from '../envs/load-env-module.js';
import { SyncVectorEnv } from '../envs/vector/sync-vector-env.js';
import { CheckOutputs } from '../envs/wrappers/check-outputs.js';
import { isDiscreteSpace, OneHotObservation } from '../envs/wrappers/one-hot-observation.js';
import { TimeLimit } from '../envs/wrappers/time-limit.js';

/** A way to build the environment of a run: a registered id, or a user's module. */
export interface EnvSource {
  /** The registered id, or the module's absolute path (config.json records it relative to the run directory). */
  readonly ref: string;
  readonly make: () => Env;
  /** The return at which the task counts as solved, when the registry knows one. */
  readonly rewardThreshold: number | undefined;
}

/** Whether `--env` names a file (a path or a module extension) rather than a registered id. */
export function isModulePath(ref: string): boolean {
  return /[\\/]/.test(ref) || /\.(c|m)?[jt]s$/.test(ref);
}

/**
 * Resolves `--env`: a registered id builds with `make(id, kwargs)`; a path imports the user's module with
 * `loadEnvModule` (a default-exported env class or factory, `createEnv`, or ids it registers). `maxEpisodeSteps`
 * sets the time limit (over the registered one; a module's env gets a `TimeLimit`). Unknown ids and missing files
 * throw `NotFoundError`.
 */
export async function resolveEnvSource(ref: string, kwargs: Readonly<Record<string, unknown>> = {}, maxEpisodeSteps?: number): Promise<EnvSource> {
  const options = maxEpisodeSteps === undefined ? {} : { maxEpisodeSteps };
  if (!isModulePath(ref)) return { ref, make: () => make(ref, kwargs, options), rewardThreshold: envSpec(ref).rewardThreshold };
  const mod = await loadEnvModule(ref);
  const id = mod.ids[0];
  // A module that registers ids builds through `make` (even when it also default-exports its env), so its
  // registered time limit applies, and --max-episode-steps replaces it rather than stacking under it.
  if (id !== undefined) return { ref: resolve(ref), make: () => make(id, kwargs, options), rewardThreshold: envSpec(id).rewardThreshold };
  const build = maxEpisodeSteps === undefined ? () => mod.factory(kwargs) : () => new TimeLimit(mod.factory(kwargs), maxEpisodeSteps);
  return { ref: resolve(ref), make: build, rewardThreshold: undefined };
}

/**
 * The source of a run's envs: each env checked while it runs (`CheckOutputs`: finite values, observations in the
 * space during the first episode, a clear error when the env throws), and its Discrete or MultiDiscrete
 * observations one-hot encoded when the algorithm takes flat vectors only (as Stable-Baselines3 does).
 */
export function runEnvSource(source: EnvSource, oneHot: boolean): EnvSource {
  const name = isModulePath(source.ref) ? basename(source.ref) : undefined;
  const make = (): Env => {
    const inner = source.make();
    const env: Env = new CheckOutputs(inner, name ?? envName(inner));
    return oneHot && isDiscreteSpace(env.observationSpace) ? new OneHotObservation(env) : env;
  };
  return { ...source, make };
}

/** One env, or `n` copies stepped together when `n` > 1. */
export function buildEnv(source: EnvSource, n: number): Env | VectorEnv {
  return n === 1 ? source.make() : new SyncVectorEnv(Array.from({ length: n }, () => source.make));
}
