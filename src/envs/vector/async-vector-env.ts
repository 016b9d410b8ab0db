import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EnvSnapshot, EnvSpec, Info, Snapshottable, VectorEnv, VectorResetResult, VectorStepResult } from '../../core/env.js';
import { checkSnapshot, snapshotOf } from '../../core/env-snapshot.js';
import { InvalidArgumentError, StateError, describeValue } from '../../core/errors.js';
import type { Space } from '../../core/spaces/index.js';
import { loadEnvModule } from '../load-env-module.js';
import { make } from '../registry.js';
import { Cmd, Ctrl, MESSAGE_BYTES, readMessage, reviveError, writeMessage, type ErrorData, type WorkerSetup } from './async-protocol.js';
import { SyncVectorEnv } from './sync-vector-env.js';
import { checkVectorStep, vectorResetSeed } from './vector-checks.js';

/** Options of `AsyncVectorEnv.create`. */
export interface AsyncVectorEnvOptions {
  /** Kwargs of every copy, as `make(id, kwargs)`. */
  readonly kwargs?: Readonly<Record<string, unknown>>;
  /** Overrides the registered time limit, as `make`'s option. */
  readonly maxEpisodeSteps?: number;
  /** User env modules each worker loads (with `loadEnvModule`) before `make`, for ids they register. */
  readonly modules?: readonly string[];
  /** Worker threads (default: one per core, at most one per copy); copies are split evenly among them. */
  readonly workers?: number;
}

/** Milliseconds a `step` or `reset` waits for a worker before giving up (a worker stuck in user code). */
const ANSWER_TIMEOUT_MS = 120_000;

interface WorkerSlot {
  readonly worker: Worker;
  readonly ctrl: Int32Array;
  readonly region: Uint8Array;
  readonly start: number;
  readonly count: number;
  seq: number;
}

/**
 * N copies of a registered env stepped in parallel by worker threads, with the same contract and results as
 * `SyncVectorEnv` (Gymnasium 1.x's `AsyncVectorEnv`): the same seed and actions give bit-identical batches. Workers
 * build their copies with `make(id, kwargs)`, so the env must be registered in a fresh thread: a built-in id, or
 * one registered by a module listed in `modules`. `step` blocks until every worker has answered through shared
 * memory. Infos cross threads as JSON only when an env puts something in them. Call `close()` to end the workers.
 */
export class AsyncVectorEnv<Act extends Float32Array | Int32Array = Float32Array | Int32Array> implements VectorEnv<Act>, Snapshottable {
  readonly numEnvs: number;
  readonly singleObservationSpace: Space<unknown>;
  readonly singleActionSpace: Space<unknown>;
  readonly observationSize: number;
  readonly actionSize: number;
  readonly autoreset: Uint8Array;
  spec: EnvSpec | undefined;
  private readonly slots: WorkerSlot[];
  private readonly actions: Float32Array | Int32Array;
  private readonly result: { observations: Float32Array; rewards: Float64Array; terminated: Uint8Array; truncated: Uint8Array; infos: Info[] };
  private started = false;
  private closed = false;

  private constructor(probe: SyncVectorEnv, n: number, slots: WorkerSlot[], buffers: Omit<WorkerSetup, 'id' | 'kwargs' | 'maxEpisodeSteps' | 'modules' | 'start' | 'count' | 'ctrl' | 'message'>) {
    this.numEnvs = n;
    this.singleObservationSpace = probe.singleObservationSpace;
    this.singleActionSpace = probe.singleActionSpace;
    this.observationSize = probe.observationSize;
    this.actionSize = probe.actionSize;
    this.spec = probe.spec;
    this.slots = slots;
    this.autoreset = new Uint8Array(buffers.autoreset);
    this.actions = buffers.actionsAreFloat ? new Float32Array(buffers.actions) : new Int32Array(buffers.actions);
    this.result = {
      observations: new Float32Array(buffers.observations),
      rewards: new Float64Array(buffers.rewards),
      terminated: new Uint8Array(buffers.terminated),
      truncated: new Uint8Array(buffers.truncated),
      infos: new Array<Info>(n).fill({}),
    };
  }

  /** Starts the workers and builds `n` copies of `id`; resolves once every worker is ready. */
  static async create<A extends Float32Array | Int32Array = Float32Array | Int32Array>(id: string, n: number, options: AsyncVectorEnvOptions = {}): Promise<AsyncVectorEnv<A>> {
    if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`AsyncVectorEnv("${id}"): n is ${describeValue(n)}, must be a positive integer number of copies`);
    const workers = options.workers ?? Math.min(n, availableParallelism());
    if (!Number.isSafeInteger(workers) || workers < 1 || workers > n) {
      throw new InvalidArgumentError(`AsyncVectorEnv("${id}"): workers is ${describeValue(workers)}, must be an integer in [1, ${n}]`);
    }
    const modules = (options.modules ?? []).map((m) => {
      if (typeof m !== 'string') throw new InvalidArgumentError(`AsyncVectorEnv("${id}"): module ${describeValue(m)} must be a path`);
      return m;
    });
    for (const m of modules) await loadEnvModule(m);
    const kwargs = options.kwargs ?? {};
    const makeOptions = options.maxEpisodeSteps === undefined ? {} : { maxEpisodeSteps: options.maxEpisodeSteps };
    // One copy on this thread gives the spaces and spec, and surfaces a bad id or kwarg here with a clear message.
    const probe = new SyncVectorEnv([() => make(id, kwargs, makeOptions)]);
    probe.close();
    const actionsAreFloat = probe.singleActionSpace.toJSON().type === 'Box';
    const buffers = {
      observations: new SharedArrayBuffer(n * probe.observationSize * 4),
      rewards: new SharedArrayBuffer(n * 8),
      terminated: new SharedArrayBuffer(n),
      truncated: new SharedArrayBuffer(n),
      autoreset: new SharedArrayBuffer(n),
      actions: new SharedArrayBuffer(n * probe.actionSize * 4),
      actionsAreFloat,
    };
    const slots: WorkerSlot[] = [];
    for (let w = 0, start = 0; w < workers; w++) {
      const count = Math.floor(n / workers) + (w < n % workers ? 1 : 0);
      const ctrl = new SharedArrayBuffer(Ctrl.SIZE * 4);
      const message = new SharedArrayBuffer(MESSAGE_BYTES);
      const setup: WorkerSetup = { id, kwargs, maxEpisodeSteps: options.maxEpisodeSteps, modules: modules.map((m) => resolve(m)), start, count, ctrl, message, ...buffers };
      const worker = spawn(setup);
      slots.push({ worker, ctrl: new Int32Array(ctrl), region: new Uint8Array(message), start, count, seq: 0 });
      start += count;
    }
    try {
      await Promise.all(slots.map((s) => ready(s.worker, id)));
    } catch (err) {
      await Promise.all(slots.map((s) => s.worker.terminate()));
      throw err;
    }
    // The workers must not keep the process alive on their own; `close` ends them.
    for (const s of slots) s.worker.unref();
    return new AsyncVectorEnv<A>(probe, n, slots, buffers);
  }

  /** Resets every copy; with a seed, copy i is seeded with `seed + i`; the first reset without one acts as seed 0, as `SyncVectorEnv`. */
  reset(opts: { seed?: number; options?: Record<string, unknown> } = {}): VectorResetResult {
    this.checkOpen();
    const seed = vectorResetSeed(`AsyncVectorEnv(${this.name})`, opts.seed, this.started);
    for (const s of this.slots) writeMessage(s.ctrl, s.region, { seed, options: opts.options });
    this.gatherInfos(this.roundTrip(Cmd.RESET));
    this.autoreset.fill(0);
    this.started = true;
    return { observations: this.result.observations, infos: this.result.infos };
  }

  /** Steps every copy in parallel; next-step autoreset as `SyncVectorEnv`. */
  step(actions: Act): VectorStepResult {
    this.checkOpen();
    checkVectorStep(`AsyncVectorEnv(${this.name})`, this.started, actions, this.numEnvs, this.actionSize);
    this.actions.set(actions);
    this.gatherInfos(this.roundTrip(Cmd.STEP));
    return this.result;
  }

  /** Each worker's `SyncVectorEnv` snapshot (its copies are built-in envs, which all snapshot). */
  snapshot(): EnvSnapshot {
    this.checkOpen();
    return snapshotOf('AsyncVectorEnv', { started: this.started, workers: this.roundTrip(Cmd.SNAPSHOT) });
  }

  /** Restores a `snapshot` of an `AsyncVectorEnv` with the same copies and workers. */
  restore(snapshot: EnvSnapshot): void {
    this.checkOpen();
    const s = checkSnapshot(`AsyncVectorEnv(${this.name})`, snapshot, 'AsyncVectorEnv');
    const workers = s.workers as EnvSnapshot[];
    if (workers.length !== this.slots.length) throw new StateError(`AsyncVectorEnv(${this.name}): the snapshot has ${workers.length} workers, this env ${this.slots.length}`);
    this.slots.forEach((slot, w) => writeMessage(slot.ctrl, slot.region, workers[w]));
    this.roundTrip(Cmd.RESTORE);
    // The main thread's views of the shared batches show what the workers restored.
    this.slots.forEach((slot, w) => {
      const sync = workers[w] as EnvSnapshot;
      this.result.observations.set(sync.observations as number[], slot.start * this.observationSize);
      this.autoreset.set(sync.autoreset as number[], slot.start);
    });
    this.started = s.started as boolean;
  }

  /** Ends the worker threads; the env cannot be used afterwards. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.slots) {
      // CLOSE lets the worker close its envs and leave its wait loop; terminate ends the thread in any case.
      this.post(s, Cmd.CLOSE);
      void s.worker.terminate();
    }
  }

  private get name(): string {
    return this.spec?.id ?? 'env';
  }

  private checkOpen(): void {
    if (this.closed) throw new StateError(`AsyncVectorEnv(${this.name}): the env was closed; make a new one`);
  }

  /** Posts `cmd` to every worker, then waits for all answers; returns each worker's message, or throws the first error. */
  private roundTrip(cmd: number): unknown[] {
    for (const s of this.slots) this.post(s, cmd);
    let failure: Error | undefined;
    const answers: unknown[] = [];
    for (const s of this.slots) {
      this.waitFor(s);
      const message = readMessage(s.ctrl, s.region);
      if (s.ctrl[Ctrl.STATUS] === 1) failure ??= reviveError(message as ErrorData);
      answers.push(message);
    }
    if (failure) throw failure;
    return answers;
  }

  /** Copies each worker's infos (none sent: all empty) into the result. */
  private gatherInfos(answers: unknown[]): void {
    this.slots.forEach((s, w) => {
      const message = answers[w];
      for (let j = 0; j < s.count; j++) this.result.infos[s.start + j] = message === undefined ? {} : ((message as Info[])[j] as Info);
    });
  }

  private post(s: WorkerSlot, cmd: number): void {
    s.ctrl[Ctrl.CMD] = cmd;
    s.seq = Atomics.add(s.ctrl, Ctrl.SEQ, 1) + 1;
    Atomics.notify(s.ctrl, Ctrl.SEQ);
  }

  private waitFor(s: WorkerSlot): void {
    for (;;) {
      const done = Atomics.load(s.ctrl, Ctrl.DONE);
      if (done === s.seq) return;
      if (Atomics.wait(s.ctrl, Ctrl.DONE, done, ANSWER_TIMEOUT_MS) === 'timed-out') {
        throw new StateError(`AsyncVectorEnv(${this.name}): a worker did not answer within ${ANSWER_TIMEOUT_MS / 1000} s`);
      }
    }
  }
}

/**
 * Starts a worker on the worker module next to this file: the compiled .js, or, when running from TypeScript
 * sources (tests, tsx), the .ts through tsx, whose loader a worker thread does not inherit.
 */
function spawn(setup: WorkerSetup): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const url = new URL(`./async-vector-worker${fromSource ? '.ts' : '.js'}`, import.meta.url);
  if (!fromSource) return new Worker(url, { workerData: setup });
  // tsx's global loader does not reach worker threads (tsx issue #354), so the boot script imports the worker
  // through tsx's tsImport, from the ES-module build of the API that this file resolves.
  const api = createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
  const boot = `import(${JSON.stringify(pathToFileURL(api).href)}).then((tsx) => tsx.tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(import.meta.url)}));`;
  return new Worker(boot, { eval: true, workerData: setup });
}

/** Resolves when the worker reports ready; rejects with its error, or when it exits first. */
function ready(worker: Worker, id: string): Promise<void> {
  return new Promise((resolve, reject) => {
    worker.once('message', (m: { ready?: boolean; error?: ErrorData }) => (m.error ? reject(reviveError(m.error)) : resolve()));
    worker.once('error', (err) => reject(new StateError(`AsyncVectorEnv("${id}"): a worker failed to start: ${err.message}`)));
    worker.once('exit', (code) => reject(new StateError(`AsyncVectorEnv("${id}"): a worker exited with code ${code} before it was ready`)));
  });
}
