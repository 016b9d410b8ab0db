import { expect } from 'chai';
import { InvalidArgumentError, NotFoundError } from '../../src/core/errors.js';
import { checkEnv } from '../../src/envs/env-checker.js';
import { closestIds, editDistance } from '../../src/envs/closest-ids.js';
import { loadEnvModule } from '../../src/envs/load-env-module.js';
import { OrderEnforcing, TimeLimit, envSpec, listEnvs, make, register, unregister } from '../../src/envs/index.js';
import { CountdownEnv } from '../support/toy-envs.js';

const fixture = (name: string): string => new URL(`../fixtures/env-modules/${name}`, import.meta.url).pathname;

describe('envs: registry', () => {
  afterEach(() => {
    for (const id of ['Countdown-v0', 'Countdown-v1', 'NotAnEnv-v0']) unregister(id);
  });

  it('lists the built-in classic-control ids with their time limits and reward thresholds', () => {
    const specs = listEnvs();
    const byId = new Map(specs.map((s) => [s.id, s]));
    expect(byId.get('CartPole-v1')).to.deep.include({ maxEpisodeSteps: 500, rewardThreshold: 475 });
    expect(byId.get('MountainCar-v0')).to.deep.include({ maxEpisodeSteps: 200, rewardThreshold: -110 });
    expect(byId.get('Acrobot-v1')).to.deep.include({ maxEpisodeSteps: 500, rewardThreshold: -100 });
    expect(byId.get('Pendulum-v1')).to.deep.include({ maxEpisodeSteps: 200 });
    expect(byId.get('Pendulum-v1')).to.not.have.property('rewardThreshold');
    expect(specs.map((s) => s.id)).to.deep.equal([...specs.map((s) => s.id)].sort());
  });

  it('make applies OrderEnforcing outside TimeLimit, sets the spec and merges kwargs over registered defaults', () => {
    register('Countdown-v0', (kw) => new CountdownEnv(kw), { maxEpisodeSteps: 4, rewardThreshold: 1, kwargs: { k: 10 } });
    const env = make('Countdown-v0');
    expect(env).to.be.instanceOf(OrderEnforcing);
    expect((env as OrderEnforcing<unknown, unknown>).env).to.be.instanceOf(TimeLimit);
    expect(env.unwrapped).to.be.instanceOf(CountdownEnv);
    expect(env.spec).to.deep.equal({ id: 'Countdown-v0', maxEpisodeSteps: 4, rewardThreshold: 1, kwargs: { k: 10 } });
    expect((env.unwrapped as CountdownEnv).k).to.equal(10);
    expect((make('Countdown-v0', { k: 2 }).unwrapped as CountdownEnv).k).to.equal(2);
    expect(envSpec('Countdown-v0').kwargs).to.deep.equal({ k: 10 });
  });

  it('truncates at the registered limit, or at the limit make was given', () => {
    register('Countdown-v0', (kw) => new CountdownEnv(kw), { maxEpisodeSteps: 4, kwargs: { k: 100 } });
    const stepsUntilEnd = (env: ReturnType<typeof make>): number => {
      env.reset();
      for (let t = 1; ; t++) if (env.step(0).truncated) return t;
    };
    expect(stepsUntilEnd(make('Countdown-v0'))).to.equal(4);
    expect(stepsUntilEnd(make('Countdown-v0', {}, { maxEpisodeSteps: 7 }))).to.equal(7);
    expect(make('Countdown-v0', {}, { maxEpisodeSteps: 7 }).spec?.maxEpisodeSteps).to.equal(7);
    expect(() => make('Countdown-v0', {}, { maxEpisodeSteps: 0 })).to.throw(InvalidArgumentError, /maxEpisodeSteps is 0, must be a positive integer/);
  });

  it('suggests the closest ids for an unknown id and lists the registered ones', () => {
    for (const typo of ['CartPol-v1', 'cartpole-v1', 'CartPole-v0', 'CartPole']) {
      expect(() => make(typo)).to.throw(NotFoundError, new RegExp(`"${typo}". Did you mean "CartPole-v1"\\?`));
    }
    expect(() => make('MountainCar-v1')).to.throw(NotFoundError, /Did you mean "MountainCar-v0"\?/);
    let message = '';
    try {
      make('Zzzzzzzz');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).to.not.include('Did you mean');
    for (const id of ['Acrobot-v1', 'CartPole-v1', 'MountainCar-v0', 'Pendulum-v1']) expect(message).to.match(new RegExp(`Registered: .*${id}`));
    expect(() => envSpec('Acrobat-v1')).to.throw(NotFoundError, /Did you mean "Acrobot-v1"/);
  });

  it('ranks suggestions by edit distance', () => {
    expect(editDistance('kitten', 'sitting')).to.equal(3);
    expect(editDistance('', 'abc')).to.equal(3);
    expect(closestIds('Pendulm-v1', ['Pendulum-v1', 'Pendulum-v0', 'Acrobot-v1'])).to.deep.equal(['Pendulum-v1', 'Pendulum-v0']);
    expect(closestIds('xyz', ['CartPole-v1'])).to.deep.equal([]);
  });

  it('passes a kwarg error from the env to the user with the id and the kwarg named', () => {
    expect(() => make('CartPole-v1', { gravity: 3 })).to.throw(InvalidArgumentError, /CartPole-v1: unknown kwarg "gravity"; allowed kwargs: sutton_barto_reward/);
    expect(() => make('Pendulum-v1', { g: 'heavy' })).to.throw(InvalidArgumentError, /Pendulum-v1: kwarg g is "heavy"/);
    register('Countdown-v1', (kw) => new CountdownEnv(kw));
    expect(() => make('Countdown-v1', { speed: 2 })).to.throw(InvalidArgumentError, /^Countdown-v1: Countdown: unknown kwarg "speed"/);
    expect(() => make('CartPole-v1', [1, 2] as unknown as Record<string, unknown>)).to.throw(InvalidArgumentError, /kwargs is \[1, 2\], must be a plain object/);
  });

  it('rejects bad registrations', () => {
    const factory = (kw: Readonly<Record<string, unknown>>) => new CountdownEnv(kw);
    expect(() => register('CartPole-v1', factory)).to.throw(InvalidArgumentError, /"CartPole-v1".*already registered.*override: true/);
    expect(() => register('has space', factory)).to.throw(InvalidArgumentError, /without spaces/);
    expect(() => register('Countdown-v0', 3 as never)).to.throw(InvalidArgumentError, /factory is 3, must be a function/);
    expect(() => register('Countdown-v0', factory, { maxEpisodeSteps: -5 })).to.throw(InvalidArgumentError, /maxEpisodeSteps is -5/);
    expect(() => register('Countdown-v0', factory, { rewardThreshold: NaN })).to.throw(InvalidArgumentError, /rewardThreshold is NaN/);
    register('Countdown-v0', factory);
    register('Countdown-v0', factory, { override: true, maxEpisodeSteps: 9 });
    expect(envSpec('Countdown-v0').maxEpisodeSteps).to.equal(9);
    expect(unregister('Countdown-v0')).to.equal(true);
    register('NotAnEnv-v0', () => ({}) as never);
    expect(() => make('NotAnEnv-v0')).to.throw(InvalidArgumentError, /make\("NotAnEnv-v0"\): the registered factory returned \{\}, not an Env/);
  });
});

describe('envs: loadEnvModule', () => {
  it('loads the worked example: a default-exported class, which also registers Corridor-v0', async () => {
    const loaded = await loadEnvModule('examples/custom-env.ts');
    expect(loaded.source).to.equal('default');
    expect(loaded.ids).to.deep.equal(['Corridor-v0']);
    expect(checkEnv(loaded.factory({ length: 4 }))).to.deep.equal({ ok: true, problems: [] });
    // The module may load its own copy of converge-rl (here: the ES-module form beside mocha's CommonJS one), so
    // match the error by name rather than by class.
    expect(() => loaded.factory({ length: 1 })).to.throw(/length is 1, must be an integer >= 2/).with.property('name', 'InvalidArgumentError');
    const env = make('Corridor-v0');
    expect(env.spec?.maxEpisodeSteps).to.equal(100);
    expect(await loadEnvModule('./examples/custom-env.ts')).to.equal(loaded);
  });

  it('loads a createEnv export and a module that only registers', async () => {
    const created = await loadEnvModule(fixture('create-env.mjs'));
    expect([created.source, created.ids.length]).to.deep.equal(['createEnv', 0]);
    expect(checkEnv(created.factory({})).ok).to.equal(true);
    const registered = await loadEnvModule(fixture('register-only.mjs'));
    expect(registered.source).to.equal('register');
    expect(registered.ids).to.deep.equal(['FixtureCoin-v0', 'FixtureCoinBiased-v0']);
    expect(registered.factory({}).spec).to.deep.include({ id: 'FixtureCoin-v0', maxEpisodeSteps: 5 });
  });

  it('says what is wrong with a module that offers no env, a missing file, or a bad factory', async () => {
    const failure = async (path: string): Promise<Error> => {
      try {
        await loadEnvModule(path);
      } catch (err) {
        return err as Error;
      }
      throw new Error(`loadEnvModule(${path}) did not throw`);
    };
    const none = await failure(fixture('no-env.mjs'));
    expect(none).to.be.instanceOf(InvalidArgumentError);
    expect(none.message).to.match(/found no environment; default-export an Env class or factory, export createEnv\(kwargs\), or call register\(\) \(the module exports answer\)/);
    expect(await failure('test/fixtures/env-modules/missing.mjs')).to.be.instanceOf(NotFoundError);
    expect((await failure('README.md')).message).to.match(/extension ".md" is not a module/);
    const bad = await loadEnvModule(fixture('bad-factory.mjs'));
    expect(() => bad.factory({})).to.throw(InvalidArgumentError, /the factory returned \{\}, not an Env/);
  });
});
