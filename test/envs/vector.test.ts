import { expect } from 'chai';
import type { Env } from '../../src/core/env.js';
import { InvalidArgumentError, StateError } from '../../src/core/errors.js';
import { Dict, Discrete } from '../../src/core/spaces/index.js';
import { AsyncVectorEnv, SyncVectorEnv, TimeLimit, make, makeVec } from '../../src/envs/index.js';
import { CountdownEnv, EchoActionEnv, LineEnv } from '../support/toy-envs.js';

describe('envs: SyncVectorEnv', () => {
  it('autoresets on the step after an episode ends: reward 0, flags 0, first observation, autoreset mask set', () => {
    // Copy 0 ends after 2 steps, copy 1 after 3.
    const vec = new SyncVectorEnv([() => new CountdownEnv({ k: 2 }), () => new CountdownEnv({ k: 3 })]);
    const first = vec.reset({ seed: 5 });
    expect(Array.from(first.observations).filter((_, j) => j % 2 === 0)).to.deep.equal([2, 3]);
    const actions = Int32Array.of(1, 0);
    const rows = (): unknown[] => {
      const r = vec.step(actions);
      return [Array.from(r.observations).filter((_, j) => j % 2 === 0), Array.from(r.rewards), Array.from(r.terminated), Array.from(r.truncated), Array.from(vec.autoreset)];
    };
    expect(rows()).to.deep.equal([[1, 2], [2, 1], [0, 0], [0, 0], [0, 0]]);
    expect(rows()).to.deep.equal([[0, 1], [2, 1], [1, 0], [0, 0], [0, 0]]);
    // Copy 0 ended last call: reset now, its action ignored; copy 1 ends.
    expect(rows()).to.deep.equal([[2, 0], [0, 1], [0, 1], [0, 0], [1, 0]]);
    expect(rows()).to.deep.equal([[1, 3], [2, 0], [0, 0], [0, 0], [0, 1]]);
    expect(rows()).to.deep.equal([[0, 2], [2, 1], [1, 0], [0, 0], [0, 0]]);
    const envs = vec.envs as CountdownEnv[];
    expect(envs.map((e) => e.resets)).to.deep.equal([2, 2]);
  });

  it('reports truncation by a TimeLimit and autoresets after it', () => {
    const vec = new SyncVectorEnv([() => new TimeLimit(new CountdownEnv({ k: 50 }), 2)]);
    vec.reset();
    vec.step(Int32Array.of(0));
    const r = vec.step(Int32Array.of(0));
    expect([r.terminated[0], r.truncated[0], vec.autoreset[0]]).to.deep.equal([0, 1, 0]);
    const after = vec.step(Int32Array.of(0));
    expect([after.observations[0], after.rewards[0], after.truncated[0], vec.autoreset[0]]).to.deep.equal([50, 0, 0, 1]);
  });

  it('seeds copy i with seed + i, as Gymnasium', () => {
    const vec = new SyncVectorEnv([0, 1, 2].map(() => () => new CountdownEnv()));
    const obs = Array.from(vec.reset({ seed: 10 }).observations);
    [0, 1, 2].forEach((i) => {
      const single = new CountdownEnv().reset({ seed: 10 + i }).observation;
      expect(obs.slice(2 * i, 2 * i + 2)).to.deep.equal(Array.from(single));
    });
    expect(obs[1]).to.not.equal(obs[3]);
  });

  it('treats a first reset without a seed as seed 0, so the copies differ', () => {
    const unseeded = Array.from(makeVec('CartPole-v1', 4).reset().observations);
    expect(unseeded).to.deep.equal(Array.from(makeVec('CartPole-v1', 4).reset({ seed: 0 }).observations));
    expect(unseeded.slice(0, 4)).to.not.deep.equal(unseeded.slice(4, 8));
  });

  it('batches Discrete observations as one entry per copy and splits Box actions row-major', () => {
    const lines = new SyncVectorEnv([() => new LineEnv(), () => new LineEnv()]);
    expect(Array.from(lines.reset().observations)).to.deep.equal([2, 2]);
    expect(Array.from(lines.step(Int32Array.of(1, 0)).observations)).to.deep.equal([3, 1]);
    const inner = [new EchoActionEnv(), new EchoActionEnv()];
    const echo = new SyncVectorEnv(inner.map((e) => () => e));
    echo.reset();
    const r = echo.step(Float32Array.of(0.5, -1, 1.5, 2));
    expect(inner.map((e) => e.received[0])).to.deep.equal([
      [0.5, -1],
      [1.5, 2],
    ]);
    expect(Array.from(r.observations)).to.deep.equal([0.5, -1, 1.5, 2]);
    expect(Array.from(r.rewards)).to.deep.equal([-0.5, 3.5]);
  });

  it('makeVec builds n copies of a registered env that replay identically for a seed', () => {
    const run = (): number[] => {
      const vec = makeVec('CartPole-v1', 4);
      expect([vec.numEnvs, vec.observationSize, vec.actionSize, vec.spec?.id]).to.deep.equal([4, 4, 1, 'CartPole-v1']);
      vec.reset({ seed: 7 });
      const actions = new Int32Array(4);
      let sum = 0;
      for (let t = 0; t < 60; t++) {
        actions.forEach((_, i) => (actions[i] = (t + i) % 2));
        const r = vec.step(actions);
        sum += r.observations.reduce((a, b) => a + b, 0) + r.terminated.reduce((a, b) => a + b, 0);
      }
      return [sum];
    };
    expect(run()).to.deep.equal(run());
  });

  it('rejects bad input with messages naming the env', () => {
    const vec = makeVec('CartPole-v1', 2);
    expect(() => vec.step(Int32Array.of(0, 1))).to.throw(StateError, /CartPole-v1.*before reset\(\)/);
    vec.reset();
    expect(() => vec.step(Int32Array.of(0))).to.throw(InvalidArgumentError, /CartPole-v1.*actions \[0\] must be a typed array of 2 entries/);
    expect(() => vec.step(Int32Array.of(0, 5))).to.throw(InvalidArgumentError, /CartPole-v1: action 5 is not in Discrete\(2\)/);
    expect(() => makeVec('CartPole-v1', 0)).to.throw(InvalidArgumentError, /n is 0, must be a positive integer/);
    expect(() => new SyncVectorEnv([])).to.throw(InvalidArgumentError, /non-empty array/);
    expect(() => new SyncVectorEnv([() => make('CartPole-v1'), () => make('MountainCar-v0')])).to.throw(InvalidArgumentError, /copy 1 has spaces.*all copies must match/);
    const dictEnv = Object.assign(new LineEnv(), { observationSpace: new Dict({ a: new Discrete(2) }) }) as unknown as Env<unknown, unknown>;
    expect(() => new SyncVectorEnv([() => dictEnv])).to.throw(InvalidArgumentError, /observation space Dict\('a': Discrete\(2\)\) cannot be batched/);
  });
});

describe('envs: AsyncVectorEnv', function () {
  // Starting worker threads that compile TypeScript takes seconds on a loaded machine.
  this.timeout(120_000);

  it('gives bit-identical batches to SyncVectorEnv for the same seed and actions, autoresets included', async () => {
    const async = await AsyncVectorEnv.create<Int32Array>('CartPole-v1', 3, { workers: 2 });
    try {
      const sync = makeVec<Int32Array>('CartPole-v1', 3);
      expect([async.numEnvs, async.observationSize, async.actionSize, async.spec?.id]).to.deep.equal([3, 4, 1, 'CartPole-v1']);
      expect(Array.from(async.reset({ seed: 11 }).observations)).to.deep.equal(Array.from(sync.reset({ seed: 11 }).observations));
      const actions = new Int32Array(3);
      let resets = 0;
      for (let t = 0; t < 150; t++) {
        actions.forEach((_, i) => (actions[i] = (t * 7 + i * 3) % 5 < 2 ? 1 : 0));
        const a = async.step(actions);
        const s = sync.step(actions);
        const row = (r: typeof a, mask: Uint8Array) => [Array.from(r.observations), Array.from(r.rewards), Array.from(r.terminated), Array.from(r.truncated), Array.from(mask)];
        expect(row(a, async.autoreset), `step ${t}`).to.deep.equal(row(s, sync.autoreset));
        resets += async.autoreset.reduce((x, y) => x + y, 0);
      }
      expect(resets).to.be.greaterThan(0);
      expect(() => async.step(Int32Array.of(0, 1, 2))).to.throw(InvalidArgumentError, /^AsyncVectorEnv copy 2: CartPole-v1: action 2 is not in Discrete\(2\)/);
    } finally {
      async.close();
    }
    expect(() => async.step(Int32Array.of(0, 0, 0))).to.throw(StateError, /was closed/);
  });

  it("runs a user's registered env from its module, and reports bad ids and kwargs at create", async () => {
    const corridor = await AsyncVectorEnv.create<Int32Array>('Corridor-v0', 2, { modules: ['examples/custom-env.ts'], kwargs: { length: 3 } });
    try {
      corridor.reset({ seed: 0 });
      const r = corridor.step(Int32Array.of(1, 1));
      expect(Array.from(r.rewards).every((x) => x === 1 || x === -0.1)).to.equal(true);
    } finally {
      corridor.close();
    }
    let failure: unknown;
    await AsyncVectorEnv.create('CartPole-v1', 2, { kwargs: { bad: 1 } }).catch((err: unknown) => (failure = err));
    expect(failure).to.be.instanceOf(InvalidArgumentError).and.have.property('message').that.matches(/CartPole-v1: unknown kwarg "bad"/);
    await AsyncVectorEnv.create('CartPol-v1', 2).catch((err: unknown) => (failure = err));
    expect(failure).to.have.property('message').that.matches(/Did you mean "CartPole-v1"/);
  });
});
