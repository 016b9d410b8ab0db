import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { type BackendName, initBackend } from '../../src/core/backend.js';

/** Set to 1 (CI does) to fail, not skip, the webgpu cases where no WebGPU adapter exists. */
const REQUIRE_VAR = 'CONVERGE_REQUIRE_WEBGPU';

/**
 * Counts reads back to the host: calls of the webgpu backend's `read` and `readSync` (patched on its class, as every
 * instance reads through it). The webgpu backend runs some kernels of small tensors whose values have not been
 * uploaded yet on the CPU, reading them with `readSync` from host memory: those are no device reads and are not
 * counted. The cpu backend's kernels read their own inputs through `readSync`, so there the engine's
 * `read`/`readSync` (what `data()` and `dataSync()` call) are counted instead.
 */
export function countReads(backend: BackendName): { counts: { read: number; readSync: number }; restore: () => void } {
  const target = (backend === 'webgpu' ? Object.getPrototypeOf(tf.backend()) : tf.engine()) as Pick<tf.KernelBackend, 'read' | 'readSync'>;
  const { read, readSync } = target;
  const counts = { read: 0, readSync: 0 };
  target.read = function (this: unknown, ...args: Parameters<tf.KernelBackend['read']>) {
    counts.read++;
    return read.apply(this, args);
  };
  target.readSync = function (this: unknown, ...args: Parameters<tf.KernelBackend['readSync']>) {
    if (backend !== 'webgpu' || onDevice(this, args[0])) counts.readSync++;
    return readSync.apply(this, args);
  };
  return { counts, restore: () => Object.assign(target, { read, readSync }) };
}

/** Whether a webgpu tensor's values live in a GPU buffer (the backend's `tensorMap` entry has a resource). */
function onDevice(backend: unknown, dataId: tf.DataId): boolean {
  const entry = (backend as { tensorMap: { get(id: tf.DataId): { resource?: unknown } | undefined } }).tensorMap.get(dataId);
  return entry?.resource != null;
}

/** Whether the webgpu backend loads (it stays selected); without an adapter false, or a throw under CONVERGE_REQUIRE_WEBGPU=1. */
export async function webgpuAvailable(): Promise<boolean> {
  try {
    await initBackend('webgpu');
    return true;
  } catch (e) {
    if (process.env[REQUIRE_VAR] === '1') throw e;
    console.log(`    webgpu cases skipped: no WebGPU adapter; set ${REQUIRE_VAR}=1 to fail instead`);
    return false;
  }
}


/**
 * Registers hooks in the calling `describe`: the returned list holds cpu, and webgpu where it loads (filled before
 * the first test); the default backend is restored after the last.
 */
export function useDeviceBackends(): BackendName[] {
  const backends: BackendName[] = ['cpu'];
  let base: BackendName = 'cpu';
  before(async () => {
    base = (await initBackend()).name;
    if (await webgpuAvailable()) backends.push('webgpu');
  });
  after(async () => {
    await initBackend(base);
  });
  return backends;
}

/** max|a − b| ≤ rtol·max|a|: the backends' float32 sums differ in order, not in meaning. */
export function expectRelativeClose(a: Float32Array, b: Float32Array, rtol: number, what: string): void {
  let diff = 0;
  let scale = 0;
  a.forEach((v, i) => {
    diff = Math.max(diff, Math.abs(v - (b[i] as number)));
    scale = Math.max(scale, Math.abs(v));
  });
  expect(diff, `${what}: max |diff| ${diff} against max |value| ${scale}`).to.be.at.most(rtol * scale);
}
