import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs';
import {
  BACKEND_ENV_VAR,
  type BackendName,
  describeAdapter,
  describeBackend,
  initBackend,
  isSoftwareAdapter,
  parseBackend,
  type WebGpuAdapterInfo,
} from '../../src/core/backend.js';
import { InvalidArgumentError } from '../../src/core/errors.js';

/** A stand-in adapter with Dawn's fields for lavapipe (as read on Debian 12 with Mesa 25 from bookworm-backports). */
const LLVMPIPE: WebGpuAdapterInfo = {
  info: { vendor: 'mesa', architecture: 'software', device: 'llvmpipe-llvm-15-0-6-256-bits-', description: 'llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)', isFallbackAdapter: true },
};
const NVIDIA: WebGpuAdapterInfo = { info: { vendor: 'nvidia', architecture: 'hopper', device: '', description: 'NVIDIA H200' } };

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe('core/backend: choosing the tensor backend', () => {
  let base: BackendName = 'cpu';
  // The suite's pin (test/support/default-backend.ts) is lifted here: these tests exercise the variable and the automatic choice.
  const pinned = process.env[BACKEND_ENV_VAR];
  before(async () => {
    base = (await initBackend()).name;
    delete process.env[BACKEND_ENV_VAR];
  });
  after(() => {
    if (pinned !== undefined) process.env[BACKEND_ENV_VAR] = pinned;
  });
  afterEach(async () => {
    delete process.env[BACKEND_ENV_VAR];
    await initBackend(base);
  });

  it('rejects an unknown backend, by argument or environment variable, listing the allowed ones', async () => {
    expect(() => parseBackend('gpu')).to.throw(InvalidArgumentError, 'backend: unknown backend "gpu"; allowed: tensorflow, webgpu, wasm, cpu');
    process.env[BACKEND_ENV_VAR] = 'cuda';
    const e = await rejection(initBackend());
    expect(e).to.be.instanceOf(InvalidArgumentError);
    expect(e.message).to.equal('CONVERGE_BACKEND: unknown backend "cuda"; allowed: tensorflow, webgpu, wasm, cpu');
  });

  it('asked for webgpu on a machine with no adapter, fails saying how to get one', async () => {
    const e = await rejection(initBackend('webgpu', { requestAdapter: async () => null }));
    expect(e).to.be.instanceOf(InvalidArgumentError);
    expect(e.message).to.match(/^backend webgpu could not be loaded: no WebGPU adapter found; install your GPU's Vulkan driver/);
    expect(e.message).to.contain('apt-get install -y -t bookworm-backports mesa-vulkan-drivers');
    expect(tf.getBackend()).to.equal(base);
  });

  it('through CONVERGE_BACKEND=webgpu with no adapter, fails the same way', async () => {
    process.env[BACKEND_ENV_VAR] = 'webgpu';
    const e = await rejection(initBackend(undefined, { requestAdapter: async () => null }));
    expect(e.message).to.match(/^backend webgpu could not be loaded: no WebGPU adapter found/);
  });

  it('chosen automatically, passes over a missing or software adapter and says why', async () => {
    const none = await initBackend(undefined, { requestAdapter: async () => null });
    expect(none.name).to.be.oneOf(['tensorflow', 'wasm']);
    if (none.name === 'wasm') expect(none.skipped[1]).to.match(/^webgpu \(no WebGPU adapter found;/);
    const soft = await initBackend(undefined, { requestAdapter: async () => LLVMPIPE });
    if (soft.name === 'wasm') {
      expect(soft.skipped[1]).to.equal('webgpu (software adapter "llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)" is slower than wasm; ask for it with --backend webgpu)');
    }
    expect(describeBackend(soft)).to.equal(soft.name);
  });

  it('tells software adapters from hardware ones and names them', () => {
    expect(isSoftwareAdapter(LLVMPIPE)).to.equal(true);
    expect(isSoftwareAdapter(NVIDIA)).to.equal(false);
    expect(isSoftwareAdapter({ info: { vendor: 'google', architecture: '', device: '', description: 'SwiftShader Device (Subzero)' } })).to.equal(true);
    expect(isSoftwareAdapter({ info: { ...NVIDIA.info }, isFallbackAdapter: true })).to.equal(true);
    expect(describeAdapter(NVIDIA)).to.equal('NVIDIA H200');
    expect(describeAdapter({ info: { vendor: 'amd', architecture: 'rdna-3', device: '', description: '' } })).to.equal('amd rdna-3');
    expect(describeBackend({ name: 'webgpu', skipped: [], adapter: 'NVIDIA H200' })).to.equal('webgpu (NVIDIA H200)');
  });
});
