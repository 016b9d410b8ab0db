// The worker thread of `AsyncVectorEnv`: builds its slice of copies with `make`, then answers requests posted
// through shared memory until told to close. It blocks in `Atomics.wait` between requests, by design.
import { parentPort, workerData } from 'node:worker_threads';
import type { EnvSnapshot } from '../../core/env.js';
import '../index.js';
import { loadEnvModule } from '../load-env-module.js';
import { make } from '../registry.js';
import { Cmd, Ctrl, readMessage, writeMessage, type WorkerSetup } from './async-protocol.js';
import { SyncVectorEnv } from './sync-vector-env.js';

const setup = workerData as WorkerSetup;
const ctrl = new Int32Array(setup.ctrl);
const region = new Uint8Array(setup.message);

try {
  for (const path of setup.modules) await loadEnvModule(path);
  const options = setup.maxEpisodeSteps === undefined ? {} : { maxEpisodeSteps: setup.maxEpisodeSteps };
  const vec = new SyncVectorEnv(
    Array.from({ length: setup.count }, () => () => make(setup.id, setup.kwargs, options)),
    { label: 'AsyncVectorEnv', firstIndex: setup.start },
  );
  parentPort?.postMessage({ ready: true });
  serve(vec);
} catch (err) {
  parentPort?.postMessage({ error: { name: (err as Error).name ?? 'Error', message: (err as Error).message ?? String(err) } });
}

function serve(vec: SyncVectorEnv): void {
  const { start, count } = setup;
  const obsSize = vec.observationSize;
  const actSize = vec.actionSize;
  const observations = new Float32Array(setup.observations, start * obsSize * 4, count * obsSize);
  const rewards = new Float64Array(setup.rewards, start * 8, count);
  const terminated = new Uint8Array(setup.terminated, start, count);
  const truncated = new Uint8Array(setup.truncated, start, count);
  const autoreset = new Uint8Array(setup.autoreset, start, count);
  const shared = setup.actionsAreFloat ? new Float32Array(setup.actions, start * actSize * 4, count * actSize) : new Int32Array(setup.actions, start * actSize * 4, count * actSize);
  const actions = setup.actionsAreFloat ? new Float32Array(count * actSize) : new Int32Array(count * actSize);
  let seen = 0;
  for (;;) {
    Atomics.wait(ctrl, Ctrl.SEQ, seen);
    seen = Atomics.load(ctrl, Ctrl.SEQ);
    const cmd = ctrl[Ctrl.CMD];
    if (cmd === Cmd.CLOSE) {
      vec.close();
      answer(seen);
      return;
    }
    try {
      if (cmd === Cmd.SNAPSHOT) {
        writeMessage(ctrl, region, vec.snapshot());
      } else if (cmd === Cmd.RESTORE) {
        vec.restore(readMessage(ctrl, region) as EnvSnapshot);
        ctrl[Ctrl.LEN] = 0;
      } else if (cmd === Cmd.RESET) {
        const opts = (readMessage(ctrl, region) ?? {}) as { seed?: number; options?: Record<string, unknown> };
        const r = vec.reset(opts.seed === undefined ? { options: opts.options } : { seed: opts.seed + start, options: opts.options });
        observations.set(r.observations);
        writeInfos(r.infos);
      } else {
        actions.set(shared);
        const r = vec.step(actions);
        observations.set(r.observations);
        rewards.set(r.rewards);
        terminated.set(r.terminated);
        truncated.set(r.truncated);
        autoreset.set(vec.autoreset);
        writeInfos(r.infos);
      }
      ctrl[Ctrl.STATUS] = 0;
    } catch (err) {
      ctrl[Ctrl.STATUS] = 1;
      writeMessage(ctrl, region, { name: (err as Error).name ?? 'Error', message: String((err as Error).message ?? err) });
    }
    answer(seen);
  }
}

/** Infos cross only when one of them has a key, so the common empty case costs nothing. */
function writeInfos(infos: readonly Record<string, unknown>[]): void {
  if (infos.every((info) => Object.keys(info).length === 0)) ctrl[Ctrl.LEN] = 0;
  else writeMessage(ctrl, region, infos);
}

function answer(seq: number): void {
  Atomics.store(ctrl, Ctrl.DONE, seq);
  Atomics.notify(ctrl, Ctrl.DONE);
}
