import { expect } from 'chai';
import { InvalidArgumentError, NotFoundError, StateError } from '../../src/core/errors.js';
import { make } from '../../src/envs/index.js';

const DISCRETE = [
  ['CartPole-v1', 'Discrete(2)'],
  ['MountainCar-v0', 'Discrete(3)'],
  ['Acrobot-v1', 'Discrete(3)'],
] as const;
const ALL = [...DISCRETE.map(([id]) => id), 'Pendulum-v1'];
const escape = (s: string): string => s.replace(/[()[\]{}.*+?^$|\\]/g, '\\$&');

describe("envs: bad input through make (issue 2's list)", () => {
  it('an action outside the action space names the env, the value and the space', () => {
    for (const [id, space] of DISCRETE) {
      const env = make(id);
      env.reset({ seed: 0 });
      for (const [bad, shown] of [
        [7, '7'],
        [-1, '-1'],
        [0.5, '0.5'],
        ['1', '"1"'],
      ] as const) {
        expect(() => env.step(bad), `${id} ${shown}`).to.throw(InvalidArgumentError, new RegExp(`^${id}: action ${escape(shown)} is not in ${escape(space)}`));
      }
      expect(env.step(0).reward).to.be.a('number');
    }
    const pendulum = make('Pendulum-v1');
    pendulum.reset({ seed: 0 });
    expect(() => pendulum.step(Float32Array.of(1, 2))).to.throw(InvalidArgumentError, /^Pendulum-v1: action \[1, 2\] is not in Box\(-2\.0, 2\.0, \(1,\), float32\)/);
    // Gymnasium clips Pendulum's torque, so an out-of-range torque is the one accepted case.
    expect(pendulum.step(Float32Array.of(5)).truncated).to.equal(false);
  });

  it('NaN or Infinity in an action is rejected, naming it', () => {
    for (const id of ALL) {
      const env = make(id);
      env.reset({ seed: 1 });
      const actions = id === 'Pendulum-v1' ? [Float32Array.of(NaN), Float32Array.of(Infinity)] : [NaN, Infinity];
      expect(() => env.step(actions[0]), id).to.throw(InvalidArgumentError, new RegExp(`^${id}: action \\[?NaN\\]? is not in`));
      expect(() => env.step(actions[1]), id).to.throw(InvalidArgumentError, new RegExp(`^${id}: action \\[?Infinity\\]? is not in`));
    }
  });

  it('step before reset throws StateError naming the env and the fix', () => {
    for (const id of ALL) expect(() => make(id).step(0), id).to.throw(StateError, new RegExp(`^${id}: step\\(\\) was called before reset\\(\\); call env\\.reset\\(\\)`));
  });

  it('step after terminated or truncated, without reset, throws StateError until reset', () => {
    const cartpole = make<Float32Array, number>('CartPole-v1');
    cartpole.reset({ seed: 0 });
    let r = cartpole.step(1);
    while (!r.terminated) r = cartpole.step(1);
    expect(() => cartpole.step(1)).to.throw(StateError, /^CartPole-v1: step\(\) was called after the episode ended \(terminated\) without reset\(\); call env\.reset\(\) to start a new episode$/);
    cartpole.reset();
    expect(() => cartpole.step(0)).to.not.throw();

    const pendulum = make('Pendulum-v1', {}, { maxEpisodeSteps: 2 });
    pendulum.reset({ seed: 0 });
    pendulum.step(Float32Array.of(0));
    expect(pendulum.step(Float32Array.of(0)).truncated).to.equal(true);
    expect(() => pendulum.step(Float32Array.of(0))).to.throw(StateError, /^Pendulum-v1: .*ended \(truncated\) without reset\(\)/);
  });

  it('an unknown id throws NotFoundError with the closest ids', () => {
    expect(() => make('Acrobot')).to.throw(NotFoundError, /No environment is registered as "Acrobot"\. Did you mean "Acrobot-v1"\?/);
    expect(() => make('pendulum-v0')).to.throw(NotFoundError, /Did you mean "Pendulum-v1"\?/);
  });

  it('a kwarg an env does not take throws InvalidArgumentError naming the env, the kwarg and the allowed ones', () => {
    for (const id of ALL) expect(() => make(id, { nonsense: 1 }), id).to.throw(InvalidArgumentError, new RegExp(`^${id}: unknown kwarg "nonsense"`));
    expect(() => make('CartPole-v1', { sutton_barto_reward: 'yes' })).to.throw(InvalidArgumentError, /^CartPole-v1: kwarg sutton_barto_reward is "yes", must be true or false/);
  });

  it('a bad seed is rejected with the env named', () => {
    const env = make('CartPole-v1');
    expect(() => env.reset({ seed: -3 })).to.throw(InvalidArgumentError, /^CartPole-v1: seed -3 must be a non-negative integer/);
    expect(() => env.reset({ seed: 1.5 })).to.throw(InvalidArgumentError, /^CartPole-v1: seed 1\.5/);
  });
});
