import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from './errors.js';

/** The tensor backends converge-rl can run on: native TensorFlow (GPU or CPU), WebAssembly, or plain JavaScript. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** The backends in order of preference when none is asked for. */
export const BACKENDS: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** Environment variable that overrides the backend choice (same values as `--backend`). */
export const BACKEND_ENV_VAR = 'CONVERGE_BACKEND';

/** The native bindings, tried in order; never dependencies of this package (their install needs a download). */
const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];

/** Which backend was chosen, and why the ones before it were passed over. */
export interface BackendChoice {
  readonly name: BackendName;
  readonly skipped: readonly string[];
}

let current: BackendChoice | undefined;

async function tryNative(): Promise<string | undefined> {
  const errors: string[] = [];
  for (const pkg of NATIVE_PACKAGES) {
    try {
      // A variable specifier keeps bundlers and tsc from resolving the optional package.
      const specifier: string = pkg;
      await import(specifier);
      return undefined;
    } catch (e) {
      errors.push(`${pkg}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  return errors.join('; ');
}

async function activate(name: BackendName): Promise<string | undefined> {
  try {
    if (name === 'tensorflow') {
      const why = await tryNative();
      if (why !== undefined) return why;
    } else if (name === 'wasm') {
      await import('@tensorflow/tfjs-backend-wasm');
    }
    const ok = await tf.setBackend(name);
    if (!ok) return `tf.setBackend('${name}') returned false`;
    await tf.ready();
    // tfjs's cpu backend prints an "install the node backend" banner on first use; converge-rl's --backend help
    // already says how to get the native backend, and a foreign banner in a CLI's output reads as an error.
    if (name === 'cpu') (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
    return undefined;
  } catch (e) {
    return (e as Error).message.split('\n')[0];
  }
}

/** Parses a backend name, with an error that lists the allowed names. */
export function parseBackend(value: string, source = 'backend'): BackendName {
  if ((BACKENDS as readonly string[]).includes(value)) return value as BackendName;
  throw new InvalidArgumentError(`${source}: unknown backend ${JSON.stringify(value)}; allowed: ${BACKENDS.join(', ')}`);
}

/**
 * Selects the tensor backend: the one asked for (argument, else `$CONVERGE_BACKEND`), or the first that loads of
 * tensorflow (when `@tensorflow/tfjs-node-gpu` or `@tensorflow/tfjs-node` is installed), wasm, cpu. A backend asked
 * for by name that fails to load is an error; automatic choice falls through. Returns the choice.
 */
export async function initBackend(requested?: BackendName): Promise<BackendChoice> {
  const fromEnv = process.env[BACKEND_ENV_VAR];
  const wanted = requested ?? (fromEnv ? parseBackend(fromEnv, BACKEND_ENV_VAR) : undefined);
  if (wanted) {
    if (current?.name === wanted && tf.getBackend() === wanted) return current;
    const why = await activate(wanted);
    if (why !== undefined) throw new InvalidArgumentError(`backend ${wanted} could not be loaded: ${why}`);
    current = { name: wanted, skipped: [] };
    return current;
  }
  if (current && tf.getBackend() === current.name) return current;
  const skipped: string[] = [];
  for (const name of BACKENDS) {
    const why = await activate(name);
    if (why === undefined) {
      current = { name, skipped };
      return current;
    }
    skipped.push(`${name} (${why})`);
  }
  throw new InvalidArgumentError(`no tensor backend could be loaded: ${skipped.join('; ')}`);
}

/** The backend in use, or undefined before `initBackend`. */
export function currentBackend(): BackendName | undefined {
  return current?.name;
}
