import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Env } from '../core/env.js';
import { ConvergeError, InvalidArgumentError, NotFoundError, describeValue } from '../core/errors.js';
import { withEnvContext } from './env-name.js';
import { isEnvLike } from './is-env.js';
import { listEnvs, make, type EnvFactory } from './registry.js';

/** What `loadEnvModule` found in a user's module. */
export interface LoadedEnvModule {
  /** The absolute path of the module file. */
  readonly path: string;
  /** How the module offers its env: a default export, a `createEnv` export, or ids it registered. */
  readonly source: 'default' | 'createEnv' | 'register';
  /**
   * Builds the env. From a default export or `createEnv`, it is the env exactly as the module builds it (no
   * wrappers, so `checkEnv` sees the user's own code); from registered ids, it is `make(ids[0], kwargs)`.
   */
  readonly factory: EnvFactory;
  /** The ids the module registered with `register()` while it loaded (possibly none). */
  readonly ids: readonly string[];
}

const EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];
// One cache per process, shared through a global symbol like the registry: a module runs once, so a second copy of
// converge-rl loading it again would see no new registrations and lose the ids it registered.
const LOADED_KEY = Symbol.for('converge-rl.loaded-env-modules');
const globalSlots = globalThis as unknown as Record<symbol, Map<string, Promise<LoadedEnvModule>> | undefined>;
const loaded = (globalSlots[LOADED_KEY] ??= new Map<string, Promise<LoadedEnvModule>>());

/**
 * Imports a user's environment module (`.js`/`.mjs`; `.ts` when the tsx loader is running or installed) that
 * default-exports an Env class or factory, exports `createEnv(kwargs)`, or calls `register()` itself, and returns a
 * factory and the ids it registered. Loading the same file again returns the first result (ES modules run once).
 */
export function loadEnvModule(path: string): Promise<LoadedEnvModule> {
  if (typeof path !== 'string' || path === '') throw new InvalidArgumentError(`loadEnvModule: path is ${describeValue(path)}, must be a file path`);
  const abs = resolve(path);
  let result = loaded.get(abs);
  if (result === undefined) {
    result = load(path, abs);
    loaded.set(abs, result);
    result.catch(() => loaded.delete(abs));
  }
  return result;
}

async function load(path: string, abs: string): Promise<LoadedEnvModule> {
  const who = `loadEnvModule("${path}")`;
  if (!EXTENSIONS.includes(extname(abs))) {
    throw new InvalidArgumentError(`${who}: extension ${JSON.stringify(extname(abs))} is not a module; use one of ${EXTENSIONS.join(', ')}`);
  }
  if (!existsSync(abs)) throw new NotFoundError(`${who}: no file at ${abs}`);
  const before = new Set(listEnvs().map((s) => s.id));
  const mod = await importFile(abs, who);
  const ids = listEnvs()
    .map((s) => s.id)
    .filter((id) => !before.has(id));
  const exported = mod.default;
  if (typeof exported === 'function') return { path: abs, source: 'default', factory: checked(construct(exported), who), ids };
  if (typeof mod.createEnv === 'function') return { path: abs, source: 'createEnv', factory: checked(mod.createEnv as EnvFactory, who), ids };
  const firstId = ids[0];
  if (firstId !== undefined) return { path: abs, source: 'register', factory: (kwargs) => make(firstId, kwargs), ids };
  const names = Object.keys(mod);
  throw new InvalidArgumentError(
    `${who}: found no environment; default-export an Env class or factory, export createEnv(kwargs), or call register() ` +
      `(the module exports ${names.length > 0 ? names.join(', ') : 'nothing'})`,
  );
}

async function importFile(abs: string, who: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(abs).href;
  try {
    try {
      return (await import(url)) as Record<string, unknown>;
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw err;
      return await importWithTsx(url, who);
    }
  } catch (err) {
    if (err instanceof ConvergeError) throw withEnvContext(err, who);
    throw new InvalidArgumentError(`${who}: importing the module failed: ${err instanceof Error ? err.message : describeValue(err)}`);
  }
}

/** Node without a loader cannot import TypeScript; tsx's API can, when tsx is installed. */
async function importWithTsx(url: string, who: string): Promise<Record<string, unknown>> {
  // A variable specifier keeps tsx (a dev dependency) optional at compile time and at run time.
  const specifier = 'tsx/esm/api';
  let api: { tsImport?: (url: string, parent: string) => Promise<unknown> };
  try {
    api = (await import(specifier)) as typeof api;
  } catch {
    throw new InvalidArgumentError(`${who}: a TypeScript module needs the tsx loader; install tsx, run under \`node --import tsx\`, or compile the module to .js`);
  }
  if (typeof api.tsImport !== 'function') throw new InvalidArgumentError(`${who}: the installed tsx has no tsImport(); compile the module to .js`);
  return (await api.tsImport(url, import.meta.url)) as Record<string, unknown>;
}

/** A factory from a default export: `new` for a class whose prototype has `step`, a call otherwise. */
function construct(exported: Function): EnvFactory {
  if (typeof (exported.prototype as { step?: unknown } | undefined)?.step === 'function') {
    const EnvClass = exported as new (kwargs: Readonly<Record<string, unknown>>) => Env<unknown, unknown>;
    return (kwargs) => new EnvClass(kwargs);
  }
  return exported as EnvFactory;
}

/** Wraps a user's factory so that a result that is not an Env fails here, with the module named. */
function checked(factory: EnvFactory, who: string): EnvFactory {
  return (kwargs) => {
    const env: unknown = factory(kwargs);
    if (!isEnvLike(env)) throw new InvalidArgumentError(`${who}: the factory returned ${describeValue(env)}, not an Env (needs reset, step, close and both spaces)`);
    return env;
  };
}
