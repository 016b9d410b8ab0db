import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError, StateError } from './errors.js';

/**
 * The tensor backends converge-rl can run on: native TensorFlow (GPU or CPU), WebGPU (Dawn's Node bindings: a GPU
 * through Vulkan, Metal or D3D12), WebAssembly, or plain JavaScript.
 */
export type BackendName = 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';

/** The backends in order of preference when none is asked for (webgpu on a hardware adapter only). */
export const BACKENDS: readonly BackendName[] = ['tensorflow', 'webgpu', 'wasm', 'cpu'];

/** Environment variable that overrides the backend choice (same values as `--backend`). */
export const BACKEND_ENV_VAR = 'CONVERGE_BACKEND';

/** How to get a WebGPU adapter on a machine without one; part of the error when webgpu is asked for. */
export const WEBGPU_INSTALL_HINT =
  "install your GPU's Vulkan driver, or Mesa's software one (llvmpipe, Mesa 24 or newer) on Debian 12: " +
  "echo 'deb http://deb.debian.org/debian bookworm-backports main' > /etc/apt/sources.list.d/backports.list && " +
  'apt-get update && apt-get install -y -t bookworm-backports mesa-vulkan-drivers';

/** The native bindings, tried in order; never dependencies of this package (their install needs a download). */
const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'];

/** What converge-rl reads of a WebGPU adapter (a part of `GPUAdapter`), so a test can pass a stand-in. */
export interface WebGpuAdapterInfo {
  readonly info: {
    readonly vendor: string;
    readonly architecture: string;
    readonly device: string;
    readonly description: string;
    readonly isFallbackAdapter?: boolean;
  };
  /** Older Dawn builds report the software flag on the adapter, newer ones on `info`. */
  readonly isFallbackAdapter?: boolean;
}

/** Requests a WebGPU adapter; resolves to null when the machine has none. */
export type AdapterRequest = () => Promise<WebGpuAdapterInfo | null>;

/** Options of `initBackend`. */
export interface BackendOptions {
  /**
   * Requests the WebGPU adapter instead of Dawn's `requestAdapter` (tests pass one that resolves to null to act out
   * a machine without one). Given, the adapter is asked for again even when webgpu is already the backend.
   */
  readonly requestAdapter?: AdapterRequest;
}

/** Which backend was chosen, and why the ones before it were passed over. */
export interface BackendChoice {
  readonly name: BackendName;
  readonly skipped: readonly string[];
  /** The WebGPU adapter's description (e.g. "NVIDIA GeForce RTX 4090"), for the webgpu backend only. */
  readonly adapter?: string;
}

type Activation = { readonly ok: true; readonly adapter?: string } | { readonly ok: false; readonly why: string };

let current: BackendChoice | undefined;
let dawnGpu: GPU | undefined;

/** One line naming the adapter: its description, else vendor, architecture and device. */
export function describeAdapter(a: WebGpuAdapterInfo): string {
  const { description, vendor, architecture, device } = a.info;
  return description || [vendor, architecture, device].filter((s) => s).join(' ') || 'unnamed adapter';
}

/** Whether an adapter is a software rasterizer (llvmpipe, lavapipe, SwiftShader, WARP): slower than wasm for us. */
export function isSoftwareAdapter(a: WebGpuAdapterInfo): boolean {
  if (a.info.isFallbackAdapter === true || a.isFallbackAdapter === true || a.info.architecture === 'software') return true;
  return /llvmpipe|lavapipe|swiftshader|microsoft basic render/i.test(`${a.info.description} ${a.info.device}`);
}

/** Dawn's GPU object, created once per process. */
async function dawn(): Promise<GPU> {
  if (dawnGpu === undefined) {
    const { create } = await import('webgpu');
    dawnGpu = create([]);
  }
  return dawnGpu;
}

const dawnAdapter: AdapterRequest = async () => (await dawn()).requestAdapter({ powerPreference: 'high-performance' });

/**
 * Registers tfjs's webgpu backend on Dawn: the backend reads `navigator.gpu` and the WebGPU constants
 * (`GPUBufferUsage`, ...) as globals, which Node does not have, and registers itself only if `navigator.gpu` exists
 * when it is first imported. Its factory asks the same GPU for an adapter with the same power preference as
 * `dawnAdapter`, so it gets the adapter that was checked.
 */
async function registerWebGpu(): Promise<string | undefined> {
  if (tf.findBackendFactory('webgpu') !== null) return undefined;
  const gpu = await dawn();
  const { globals } = await import('webgpu');
  Object.assign(globalThis, globals);
  const g = globalThis as { navigator?: { gpu?: GPU } };
  if (g.navigator === undefined) g.navigator = { gpu };
  else if (g.navigator.gpu === undefined) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
  await import('@tensorflow/tfjs-backend-webgpu');
  return tf.findBackendFactory('webgpu') === null ? '@tensorflow/tfjs-backend-webgpu was imported before navigator.gpu existed' : undefined;
}

const explained = new WeakSet<tf.KernelBackend>();

/**
 * Makes the webgpu backend's synchronous read fail with a clear error: in Node it throws `ReferenceError:
 * OffscreenCanvas is not defined` (it reads through a browser canvas), which names neither the cause nor the fix.
 */
function explainSyncReads(backend: tf.KernelBackend): void {
  if (explained.has(backend)) return;
  explained.add(backend);
  // Looked up at each call, so a later patch of the class's readSync (a read counter) still runs.
  const proto = Object.getPrototypeOf(backend) as tf.KernelBackend;
  backend.readSync = (dataId) => {
    try {
      return proto.readSync.call(backend, dataId);
    } catch (e) {
      if (!(e instanceof ReferenceError && e.message.includes('OffscreenCanvas'))) throw e;
      throw new StateError(
        'webgpu backend: a synchronous read (dataSync, arraySync, bufferSync) is impossible in Node, where tfjs reads ' +
          'the GPU through a browser OffscreenCanvas; read with `await tensor.data()`, or use another backend',
      );
    }
  };
}

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

/** Finds a WebGPU adapter fit for the choice (any when asked for by name, hardware only when automatic). */
async function findAdapter(request: AdapterRequest, automatic: boolean): Promise<Activation> {
  const adapter = await request();
  if (adapter === null) return { ok: false, why: `no WebGPU adapter found; ${WEBGPU_INSTALL_HINT}` };
  const name = describeAdapter(adapter);
  if (automatic && isSoftwareAdapter(adapter)) {
    return { ok: false, why: `software adapter "${name}" is slower than wasm; ask for it with --backend webgpu` };
  }
  return { ok: true, adapter: name };
}

async function activate(name: BackendName, automatic: boolean, options: BackendOptions): Promise<Activation> {
  try {
    let adapter: string | undefined;
    if (name === 'tensorflow') {
      const why = await tryNative();
      if (why !== undefined) return { ok: false, why };
    } else if (name === 'webgpu') {
      const found = await findAdapter(options.requestAdapter ?? dawnAdapter, automatic);
      if (!found.ok) {
        // Unused, Dawn's instance (a Vulkan instance and its threads) may go.
        if (tf.findBackendFactory('webgpu') === null) dawnGpu = undefined;
        return found;
      }
      const why = await registerWebGpu();
      if (why !== undefined) return { ok: false, why };
      adapter = found.adapter;
    } else if (name === 'wasm') {
      await import('@tensorflow/tfjs-backend-wasm');
    }
    const ok = await tf.setBackend(name);
    if (!ok) return { ok: false, why: `tf.setBackend('${name}') returned false` };
    await tf.ready();
    // tfjs's cpu backend prints an "install the node backend" banner on first use; converge-rl's --backend help
    // already says how to get the native backend, and a foreign banner in a CLI's output reads as an error.
    if (name === 'cpu') (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
    if (name === 'webgpu') explainSyncReads(tf.backend());
    return adapter === undefined ? { ok: true } : { ok: true, adapter };
  } catch (e) {
    return { ok: false, why: (e as Error).message.split('\n')[0] ?? String(e) };
  }
}

/** Parses a backend name, with an error that lists the allowed names. */
export function parseBackend(value: string, source = 'backend'): BackendName {
  if ((BACKENDS as readonly string[]).includes(value)) return value as BackendName;
  throw new InvalidArgumentError(`${source}: unknown backend ${JSON.stringify(value)}; allowed: ${BACKENDS.join(', ')}`);
}

function choose(name: BackendName, skipped: readonly string[], a: Activation): BackendChoice {
  current = a.ok && a.adapter !== undefined ? { name, skipped, adapter: a.adapter } : { name, skipped };
  return current;
}

/**
 * Selects the tensor backend: the one asked for (argument, else `$CONVERGE_BACKEND`), or the first that loads of
 * tensorflow (when `@tensorflow/tfjs-node-gpu` or `@tensorflow/tfjs-node` is installed), webgpu (on a hardware
 * adapter only), wasm, cpu. A backend asked for by name that fails to load is an error; automatic choice falls
 * through and records why in `skipped`. Returns the choice.
 */
export async function initBackend(requested?: BackendName, options: BackendOptions = {}): Promise<BackendChoice> {
  const fromEnv = process.env[BACKEND_ENV_VAR];
  const wanted = requested ?? (fromEnv ? parseBackend(fromEnv, BACKEND_ENV_VAR) : undefined);
  const cached = options.requestAdapter === undefined && current !== undefined && tf.getBackend() === current.name;
  if (wanted) {
    if (cached && current?.name === wanted) return current;
    const a = await activate(wanted, false, options);
    if (!a.ok) throw new InvalidArgumentError(`backend ${wanted} could not be loaded: ${a.why}`);
    return choose(wanted, [], a);
  }
  if (cached && current) return current;
  const skipped: string[] = [];
  for (const name of BACKENDS) {
    const a = await activate(name, true, options);
    if (a.ok) return choose(name, skipped, a);
    skipped.push(`${name} (${a.why})`);
  }
  throw new InvalidArgumentError(`no tensor backend could be loaded: ${skipped.join('; ')}`);
}

/** The backend in use, or undefined before `initBackend`. */
export function currentBackend(): BackendName | undefined {
  return current?.name;
}

/** The backend's name, with the adapter's description for webgpu ("webgpu (NVIDIA ...)"); for logs and the CLI. */
export function describeBackend(choice: BackendChoice | undefined = current): string {
  if (choice === undefined) return 'none';
  return choice.adapter === undefined ? choice.name : `${choice.name} (${choice.adapter})`;
}
