import { expect } from 'chai';
import { supportsSnapshot, type Env, type EnvSnapshot, type VectorEnv } from '../../src/core/env.js';
import { StateError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import type { Space } from '../../src/core/spaces/index.js';
import { AsyncVectorEnv, NormalizeObservation, NormalizeReward, RecordEpisodeStatistics, SyncVectorEnv, checkEnv, make } from '../../src/envs/index.js';
import { Box, Discrete } from '../../src/core/spaces/index.js';
import type { ResetOptions, ResetResult, StepResult } from '../../src/core/env.js';
import { WalkEnv } from '../support/runner-fixtures.js';

/** A random action of `space` drawn from `rng`: an integer for Discrete, else a Float32Array. */
function randomAction(space: Space<unknown>, rng: Rng): unknown {
  const j = space.toJSON();
  if (j.type === 'Discrete') return rng.integer(0, j.n as number);
  return Float32Array.from({ length: space.shape[0] as number }, () => rng.uniform(-2, 2));
}

/** Steps `env` `n` times with actions from `rng`, resetting at episode ends; returns what it saw. */
function play(env: Env, n: number, rng: Rng): unknown[] {
  const seen: unknown[] = [];
  for (let k = 0; k < n; k++) {
    const r = env.step(randomAction(env.actionSpace, rng));
    seen.push([r.observation instanceof Float32Array ? Array.from(r.observation) : r.observation, r.reward, r.terminated, r.truncated]);
    if (r.terminated || r.truncated) seen.push(['reset', env.reset().observation]);
  }
  return JSON.parse(JSON.stringify(seen)) as unknown[];
}

/** Through JSON, as a checkpoint stores it. */
function viaJson(s: EnvSnapshot): EnvSnapshot {
  return JSON.parse(JSON.stringify(s)) as EnvSnapshot;
}

describe('envs: snapshots', () => {
  const builds: [string, () => Env][] = [
    ['CartPole-v1', () => make('CartPole-v1')],
    ['Acrobot-v1', () => make('Acrobot-v1', { torque_noise_max: 0.5 })],
    ['MountainCar-v0', () => make('MountainCar-v0')],
    ['Pendulum-v1', () => make('Pendulum-v1')],
    ['FrozenLake-v1', () => make('FrozenLake-v1')],
    ['CliffWalking-v0', () => make('CliffWalking-v0', { slip: 0.2 })],
    ['CartPole-v1 with statistics and normalization wrappers', () => new NormalizeReward(new NormalizeObservation(new RecordEpisodeStatistics(make('CartPole-v1')) as Env<Float32Array, unknown>))],
  ];
  for (const [name, build] of builds) {
    it(`${name}: restored mid-episode into a fresh env, it continues as the original`, () => {
      const a = build();
      a.reset({ seed: 4 });
      play(a, 37, new Rng(1));
      expect(supportsSnapshot(a)).to.equal(true);
      const snap = viaJson((a as Env & { snapshot(): EnvSnapshot }).snapshot());
      const ahead = play(a, 300, new Rng(2));
      const b = build();
      (b as Env & { restore(s: EnvSnapshot): void }).restore(snap);
      expect(play(b, 300, new Rng(2))).to.deep.equal(ahead);
    });
  }

  it('a wrapper around an env without snapshots does not claim to support them', () => {
    const plain = new WalkEnv();
    expect(supportsSnapshot(plain)).to.equal(false);
    const wrapped = new RecordEpisodeStatistics(plain);
    expect(supportsSnapshot(wrapped)).to.equal(false);
    expect(() => wrapped.snapshot()).to.throw(StateError, /inner env has no snapshot/);
  });

  it('checkEnv replays the steps after restore(snapshot()) and reports a snapshot that forgets the random stream', () => {
    for (const id of ['CartPole-v1', 'Pendulum-v1', 'FrozenLake-v1']) expect(checkEnv(make(id)).problems, id).to.deep.equal([]);
    /** A coin-flip walk whose snapshot keeps the position but not its random stream. */
    class ForgetfulEnv implements Env<Float32Array, number> {
      readonly observationSpace = new Box(-1000, 1000, [1]);
      readonly actionSpace = new Discrete(2);
      readonly metadata = {};
      spec = undefined;
      readonly unwrapped: Env<unknown, unknown> = this as Env<unknown, unknown>;
      private rng = new Rng(0);
      private x = 0;
      reset(o: ResetOptions = {}): ResetResult<Float32Array> {
        if (o.seed !== undefined) this.rng = new Rng(o.seed);
        this.x = 0;
        return { observation: Float32Array.of(this.x), info: {} };
      }
      step(a: number): StepResult<Float32Array> {
        this.x += (a === 1 ? 1 : -1) * (this.rng.random() < 0.5 ? 1 : 2);
        return { observation: Float32Array.of(this.x), reward: 0, terminated: false, truncated: false, info: {} };
      }
      close(): void {}
      snapshot(): EnvSnapshot {
        return { x: this.x };
      }
      restore(s: EnvSnapshot): void {
        this.x = s.x as number;
      }
    }
    const r = checkEnv(new ForgetfulEnv());
    expect(r.ok).to.equal(false);
    expect(r.problems.join('\n')).to.match(/after restore\(snapshot\(\)\) the same actions gave different results at step \d+.*random stream included/);
  });

  it('refuses a snapshot of another kind of env, naming both', () => {
    const cart = make('CartPole-v1');
    const lake = make('FrozenLake-v1');
    lake.reset({ seed: 0 });
    expect(() => (cart as Env & { restore(s: EnvSnapshot): void }).restore((lake as Env & { snapshot(): EnvSnapshot }).snapshot())).to.throw(StateError);
  });

  /** Steps a vector env `n` times with random actions; returns the batches. */
  function playVec(vec: VectorEnv, n: number, rng: Rng): unknown[] {
    const seen: unknown[] = [];
    for (let k = 0; k < n; k++) {
      const actions = Int32Array.from({ length: vec.numEnvs }, () => rng.integer(0, 2));
      const r = vec.step(actions);
      seen.push([Array.from(r.observations), Array.from(r.rewards), Array.from(r.terminated), Array.from(r.truncated), Array.from(vec.autoreset)]);
    }
    return seen;
  }

  it('SyncVectorEnv and AsyncVectorEnv restore all copies mid-episode, pending autoresets included', async function () {
    this.timeout(30_000);
    const sync = new SyncVectorEnv(Array.from({ length: 3 }, () => () => make('CartPole-v1')));
    sync.reset({ seed: 11 });
    playVec(sync, 41, new Rng(3));
    const snap = viaJson(sync.snapshot());
    const ahead = playVec(sync, 200, new Rng(4));
    const sync2 = new SyncVectorEnv(Array.from({ length: 3 }, () => () => make('CartPole-v1')));
    sync2.restore(snap);
    expect(playVec(sync2, 200, new Rng(4))).to.deep.equal(ahead);

    const async = await AsyncVectorEnv.create<Int32Array>('CartPole-v1', 3, { workers: 2 });
    const async2 = await AsyncVectorEnv.create<Int32Array>('CartPole-v1', 3, { workers: 2 });
    try {
      async.reset({ seed: 11 });
      playVec(async, 41, new Rng(3));
      const asnap = viaJson(async.snapshot());
      expect(playVec(async, 200, new Rng(4))).to.deep.equal(ahead);
      async2.restore(asnap);
      expect(playVec(async2, 200, new Rng(4))).to.deep.equal(ahead);
    } finally {
      async.close();
      async2.close();
    }
  });
});
