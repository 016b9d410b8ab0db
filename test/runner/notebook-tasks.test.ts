import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { initBackend } from '../../src/core/backend.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { closeTaskPools } from '../../src/runner/report/task-pool.js';
import { runTaskCall } from '../../src/runner/report/task-call.js';
import { runTasks } from '../../src/runner/report/index.js';
import { encodeTaskData } from '../../src/runner/report/task-codec.js';
import { cli } from '../support/run-cli.js';

/** A results.json without its timing fields (`seconds`). */
async function resultsWithoutTimings(dir: string): Promise<string> {
  return JSON.stringify(JSON.parse(await readFile(join(dir, 'results.json'), 'utf8'), (k: string, v: unknown) => (k === 'seconds' ? undefined : v)));
}

const NOTEBOOK = new URL('../fixtures/notebooks/tiny-tasks.ts', import.meta.url).href;
const DIR = new URL('../fixtures/notebooks/', import.meta.url).pathname;
const serial = { quick: true, outDir: 'unused' };
const pooled = { ...serial, workers: 2 };

describe('runTasks: a notebook\'s tasks serially or on a pool of threads', function () {
  this.timeout(60_000);
  after(closeTaskPools);

  it('gives the same results on 2 threads as serially (NaN, ±Infinity and −0 included), in argsList order', async () => {
    const args = [3, 1, 2, 1, 7].map((seed) => ({ seed, n: 5 }));
    const a = await runTasks(serial, NOTEBOOK, 'draws', args);
    const b = await runTasks(pooled, NOTEBOOK, 'draws', args);
    expect(b).to.deep.equal(a);
    expect(a.map((r) => (r as { seed: number }).seed)).to.deep.equal([3, 1, 2, 1, 7]);
    expect(Object.is((b[0] as { odd: number[] }).odd[3], -0)).to.equal(true);
  });

  it("runs tensor tasks on the parent's backend, bit for bit", async () => {
    await initBackend('wasm');
    const args = [{ seed: 1 }, { seed: 2 }];
    const a = await runTasks<{ seed: number }, { backend: string; v: number }>(serial, NOTEBOOK, 'tensor', args);
    const b = await runTasks<{ seed: number }, { backend: string; v: number }>(pooled, NOTEBOOK, 'tensor', args);
    expect(b.map((r) => r.backend)).to.deep.equal(['wasm', 'wasm']);
    expect(b).to.deep.equal(a);
  });

  it('refuses an unknown task, naming the known ones', async () => {
    for (const opts of [serial, pooled]) {
      const e = await runTasks(opts, NOTEBOOK, 'nope', [{}]).then(() => undefined, (x: unknown) => x);
      expect(e).to.be.instanceOf(InvalidArgumentError);
      expect((e as Error).message).to.match(/no task "nope".*known: draws, tensor, slow, fails/);
    }
  });

  it('a thread refuses a notebook outside its folder or not in it, and an unknown task', async () => {
    const call = { notebooksDir: DIR, task: 'draws', args: encodeTaskData({ seed: 0, n: 1 }) };
    expect(await runTaskCall({ ...call, notebook: '../notebooks/tiny-tasks' })).to.have.property('refused').that.matches(/refused: a notebook is named by its file name/);
    expect(await runTaskCall({ ...call, notebook: 'missing' })).to.have.property('refused').that.matches(/no notebook "missing" in .*available: tiny-tasks/);
    expect(await runTaskCall({ ...call, notebook: 'tiny-tasks', task: 'toString' })).to.have.property('refused').that.matches(/no task "toString"/);
    expect(await runTaskCall({ ...call, notebook: 'tiny-tasks' })).to.have.property('ok');
  });

  it("passes a task's error on, and refuses arguments that are not plain data", async () => {
    const e = await runTasks(pooled, NOTEBOOK, 'fails', [{ why: 'test' }]).then(() => undefined, (x: unknown) => x);
    expect((e as Error).message).to.match(/task fails with args .* failed on a worker thread: Error: asked to fail: test/);
    const f = await runTasks(pooled, NOTEBOOK, 'draws', [{ seed: new Float64Array(1) }]).then(() => undefined, (x: unknown) => x);
    expect(f).to.be.instanceOf(InvalidArgumentError);
  });

  it('refuses a worker count that is not an integer from 1 to 256', async () => {
    for (const workers of [0, 1.5, 257, NaN]) {
      const e = await runTasks({ ...serial, workers }, NOTEBOOK, 'draws', []).then(() => undefined, (x: unknown) => x);
      expect((e as Error).message).to.match(/workers is .*; it must be an integer from 1 to 256/);
    }
  });

  it('converge reproduce q-learning-replay --quick --workers 2 writes the results of the serial run', async () => {
    const root = await mkdtemp(join(tmpdir(), 'converge-tasks-'));
    try {
      for (const extra of [[], ['--workers', '2']]) {
        const r = await cli('reproduce', 'q-learning-replay', '--quick', '--out', join(root, extra.length === 0 ? 'serial' : 'pool'), ...extra);
        expect(r.code, r.err).to.equal(0);
      }
      expect(await resultsWithoutTimings(join(root, 'pool'))).to.equal(await resultsWithoutTimings(join(root, 'serial')));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it("a notebook run as a script (its own main) runs its tasks serially and on threads: its tasks can import it", async () => {
    const root = await mkdtemp(join(tmpdir(), 'converge-tasks-'));
    try {
      const script = new URL('../fixtures/notebooks/tiny-tasks.ts', import.meta.url).pathname;
      for (const w of ['1', '2']) {
        const r = spawnSync(process.execPath, ['--import', 'tsx', script, '--workers', w, '--out', join(root, w)], { encoding: 'utf8', timeout: 60_000 });
        expect(r.status, r.stderr).to.equal(0);
        expect(r.stdout.match(/report written/g)).to.have.length(1);
      }
      expect(await readFile(join(root, '2', 'results.json'), 'utf8')).to.equal(await readFile(join(root, '1', 'results.json'), 'utf8'));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
