import type { Env, EnvSpec } from '../core/env.js';
import { InvalidArgumentError, NotFoundError, describeValue } from '../core/errors.js';
import { closestIds } from './closest-ids.js';
import { withEnvContext } from './env-name.js';
import { isEnvLike } from './is-env.js';
import { builtinEnvs } from './registration.js';
import { OrderEnforcing } from './wrappers/order-enforcing.js';
import { TimeLimit } from './wrappers/time-limit.js';

/** Builds one environment from its kwargs (the registered defaults merged under those given to `make`). */
export type EnvFactory = (kwargs: Readonly<Record<string, unknown>>) => Env<unknown, unknown>;

/** Options of `register`. */
export interface RegisterOptions {
  /** Episodes are truncated after this many steps by the `TimeLimit` that `make` adds. */
  readonly maxEpisodeSteps?: number;
  /** The average return at which the task counts as solved (Gymnasium's `reward_threshold`). */
  readonly rewardThreshold?: number;
  /** Default kwargs, overridden by those given to `make`. */
  readonly kwargs?: Readonly<Record<string, unknown>>;
  /** Replace an id that is already registered instead of throwing. */
  readonly override?: boolean;
}

/** One registry entry, as `register` takes it in a single object. */
export interface EnvRegistration extends Omit<RegisterOptions, 'override'> {
  readonly id: string;
  readonly factory: EnvFactory;
}

/** Options of `make`. */
export interface MakeOptions {
  /** Overrides the registered time limit for this env. */
  readonly maxEpisodeSteps?: number;
}

interface Entry {
  readonly spec: EnvSpec;
  readonly factory: EnvFactory;
}

// One registry per process, shared through a global symbol: a user's module may load its own copy of converge-rl
// (or a test runner both its CommonJS and ES-module forms), and its `register()` calls must reach the `make` here.
const REGISTRY_KEY = Symbol.for('converge-rl.env-registry');
const globalSlots = globalThis as unknown as Record<symbol, Map<string, Entry> | undefined>;
const entries = (globalSlots[REGISTRY_KEY] ??= new Map<string, Entry>());
for (const e of builtinEnvs) if (!entries.has(e.id)) register(e.id, e.factory, e);

/**
 * Registers an environment under `id` so that `make(id)` builds it (Gymnasium's `register`). Throws on a malformed
 * id or option, and on an id already registered unless `override` is set.
 */
export function register(id: string, factory: EnvFactory, options: RegisterOptions = {}): void {
  if (typeof id !== 'string' || !/^\S+$/.test(id)) {
    throw new InvalidArgumentError(`register: id ${describeValue(id)} must be a non-empty string without spaces, like "MyEnv-v0"`);
  }
  if (typeof factory !== 'function') {
    throw new InvalidArgumentError(`register("${id}"): factory is ${describeValue(factory)}, must be a function (kwargs) => Env`);
  }
  if (entries.has(id) && options.override !== true) {
    throw new InvalidArgumentError(`register("${id}"): the id is already registered; pick another id or pass { override: true }`);
  }
  checkMaxEpisodeSteps(`register("${id}")`, options.maxEpisodeSteps);
  const { rewardThreshold, kwargs = {} } = options;
  if (rewardThreshold !== undefined && (typeof rewardThreshold !== 'number' || !Number.isFinite(rewardThreshold))) {
    throw new InvalidArgumentError(`register("${id}"): rewardThreshold is ${describeValue(rewardThreshold)}, must be a finite number`);
  }
  checkKwargs(`register("${id}")`, kwargs);
  entries.set(id, { factory, spec: makeSpec(id, options.maxEpisodeSteps, rewardThreshold, kwargs) });
}

/** Removes `id` from the registry; returns whether it was there. */
export function unregister(id: string): boolean {
  return entries.delete(id);
}

/** The specs of all registered environments, sorted by id. */
export function listEnvs(): EnvSpec[] {
  return [...entries.values()].map((e) => e.spec).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The spec registered under `id`; throws `NotFoundError` with the closest ids when there is none. */
export function envSpec(id: string): EnvSpec {
  return lookup(id).spec;
}

/**
 * Builds the environment registered as `id` (Gymnasium's `make`): calls its factory with `kwargs` over the
 * registered defaults, sets `env.spec`, and wraps it in `TimeLimit` (when the spec or `options` give a step limit)
 * and then `OrderEnforcing`. `Obs`/`Act` let a caller who knows the env name its types.
 */
export function make<Obs = unknown, Act = unknown>(id: string, kwargs: Readonly<Record<string, unknown>> = {}, options: MakeOptions = {}): Env<Obs, Act> {
  const entry = lookup(id);
  checkKwargs(`make("${id}")`, kwargs);
  checkMaxEpisodeSteps(`make("${id}")`, options.maxEpisodeSteps);
  const maxEpisodeSteps = options.maxEpisodeSteps ?? entry.spec.maxEpisodeSteps;
  const merged = Object.freeze({ ...entry.spec.kwargs, ...kwargs });
  let env: Env<unknown, unknown>;
  try {
    env = entry.factory(merged);
  } catch (err) {
    throw withEnvContext(err, id);
  }
  if (!isEnvLike(env)) {
    throw new InvalidArgumentError(`make("${id}"): the registered factory returned ${describeValue(env)}, not an Env (needs reset, step, close and both spaces)`);
  }
  env.spec = makeSpec(id, maxEpisodeSteps, entry.spec.rewardThreshold, merged);
  const limited = maxEpisodeSteps === undefined ? env : new TimeLimit(env, maxEpisodeSteps);
  return new OrderEnforcing(limited) as Env<unknown, unknown> as Env<Obs, Act>;
}

function lookup(id: string): Entry {
  if (typeof id !== 'string') throw new InvalidArgumentError(`make: id is ${describeValue(id)}, must be a string such as "CartPole-v1"`);
  const entry = entries.get(id);
  if (entry) return entry;
  const ids = [...entries.keys()].sort();
  const near = closestIds(id, ids);
  const hint = near.length > 0 ? ` Did you mean ${near.map((s) => `"${s}"`).join(' or ')}?` : '';
  const shown = ids.length > 12 ? `${ids.slice(0, 12).join(', ')}, … and ${ids.length - 12} more (listEnvs() lists all)` : ids.join(', ');
  throw new NotFoundError(`No environment is registered as "${id}".${hint} Registered: ${shown || 'none'}.`);
}

function makeSpec(id: string, maxEpisodeSteps: number | undefined, rewardThreshold: number | undefined, kwargs: Readonly<Record<string, unknown>>): EnvSpec {
  return Object.freeze({
    id,
    ...(maxEpisodeSteps !== undefined && { maxEpisodeSteps }),
    ...(rewardThreshold !== undefined && { rewardThreshold }),
    kwargs: Object.freeze({ ...kwargs }),
  });
}

function checkMaxEpisodeSteps(who: string, value: unknown): void {
  if (value !== undefined && !(typeof value === 'number' && Number.isSafeInteger(value) && value >= 1)) {
    throw new InvalidArgumentError(`${who}: maxEpisodeSteps is ${describeValue(value)}, must be a positive integer`);
  }
}

function checkKwargs(who: string, kwargs: unknown): void {
  const proto = typeof kwargs === 'object' && kwargs !== null ? Object.getPrototypeOf(kwargs) : undefined;
  if (proto !== Object.prototype && proto !== null) {
    throw new InvalidArgumentError(`${who}: kwargs is ${describeValue(kwargs)}, must be a plain object of named arguments`);
  }
}
