import { expect } from 'chai';
import type { Env } from '../../src/core/env.js';
import { InvalidArgumentError, StateError } from '../../src/core/errors.js';
import { AcrobotEnv, CartPoleEnv, ClassicControlEnv, MountainCarEnv, PendulumEnv } from '../../src/envs/classic-control/index.js';
import { checkEnv } from '../../src/envs/env-checker.js';
import { make } from '../../src/envs/registry.js';

const ALL = [
  { id: 'CartPole-v1', create: () => new CartPoleEnv(), action: 1 },
  { id: 'MountainCar-v0', create: () => new MountainCarEnv(), action: 2 },
  { id: 'Acrobot-v1', create: () => new AcrobotEnv(), action: 0 },
  { id: 'Pendulum-v1', create: () => new PendulumEnv(), action: Float32Array.of(0.5) },
] as const;

/** Observations (copied) of a reset with `seed` followed by `steps` fixed actions. */
function rollout(env: ClassicControlEnv<unknown>, action: unknown, seed: number | undefined, steps: number): number[][] {
  const out = [Array.from(env.reset(seed === undefined ? {} : { seed }).observation)];
  for (let t = 0; t < steps; t++) {
    const r = env.step(action);
    out.push(Array.from(r.observation));
    if (r.terminated) break;
  }
  return out;
}

describe('classic control environments', () => {
  describe('spaces as in Gymnasium', () => {
    it('CartPole-v1: Discrete(2) and a 4-box with infinite velocity bounds', () => {
      const env = new CartPoleEnv();
      expect(env.actionSpace.toString()).to.equal('Discrete(2)');
      expect(Array.from(env.observationSpace.high)).to.deep.equal([4.8, Infinity, (12 * 2 * Math.PI) / 360 * 2, Infinity].map(Math.fround));
      expect(Array.from(env.observationSpace.low)).to.deep.equal(Array.from(env.observationSpace.high, (v) => -v));
    });

    it('MountainCar-v0: Discrete(3) and [-1.2, 0.6] x [-0.07, 0.07]', () => {
      const env = new MountainCarEnv();
      expect(env.actionSpace.toString()).to.equal('Discrete(3)');
      expect(Array.from(env.observationSpace.low)).to.deep.equal([-1.2, -0.07].map(Math.fround));
      expect(Array.from(env.observationSpace.high)).to.deep.equal([0.6, 0.07].map(Math.fround));
    });

    it('Acrobot-v1: Discrete(3) and cos/sin in [-1, 1], velocities in ±4π and ±9π', () => {
      const env = new AcrobotEnv();
      expect(env.actionSpace.toString()).to.equal('Discrete(3)');
      expect(Array.from(env.observationSpace.high)).to.deep.equal([1, 1, 1, 1, 4 * Math.PI, 9 * Math.PI].map(Math.fround));
    });

    it('Pendulum-v1: torque Box(-2, 2, (1,)) and [cos, sin, ω] within [1, 1, 8]', () => {
      const env = new PendulumEnv();
      expect(env.actionSpace.toString()).to.equal('Box(-2.0, 2.0, (1,), float32)');
      expect(Array.from(env.observationSpace.high)).to.deep.equal([1, 1, 8]);
    });

    for (const { id, create, action } of ALL) {
      it(`${id}: observations stay inside the observation space over random-ish episodes`, () => {
        const env = create() as ClassicControlEnv<unknown>;
        for (const seed of [1, 2, 3]) {
          for (const obs of rollout(env, action, seed, 300)) expect(env.observationSpace.contains(obs), `${id} ${obs}`).to.equal(true);
        }
      });
    }
  });

  describe('seeding (Gymnasium rule)', () => {
    for (const { id, create, action } of ALL) {
      it(`${id}: same seed gives the same episode, another seed another, later resets continue the stream`, () => {
        const a = create() as ClassicControlEnv<unknown>;
        const b = create() as ClassicControlEnv<unknown>;
        const first = rollout(a, action, 7, 20);
        expect(rollout(b, action, 7, 20)).to.deep.equal(first);
        expect(rollout(b, action, 8, 20)[0]).to.not.deep.equal(first[0]);
        const next = rollout(a, action, undefined, 20);
        expect(next[0]).to.not.deep.equal(first[0]);
        rollout(b, action, 7, 20);
        expect(rollout(b, action, undefined, 20)).to.deep.equal(next);
      });
    }

    it('starts from a fixed default stream when never seeded', () => {
      expect(new CartPoleEnv().reset().observation).to.deep.equal(new CartPoleEnv().reset().observation);
    });

    it('rejects a seed that is not a non-negative integer', () => {
      expect(() => new CartPoleEnv().reset({ seed: -1 })).to.throw(InvalidArgumentError, 'CartPole-v1: seed -1 must be a non-negative integer');
      expect(() => new CartPoleEnv().reset({ seed: 1.5 })).to.throw(InvalidArgumentError, /seed 1.5/);
    });
  });

  describe('initial states', () => {
    it('CartPole-v1 and Acrobot-v1 draw every variable uniformly in ±0.05 / ±0.1, honouring options low/high', () => {
      const cart = new CartPoleEnv();
      cart.reset({ seed: 0 });
      for (let i = 0; i < 200; i++) for (const v of cart.reset().observation) expect(Math.abs(v)).to.be.at.most(Math.fround(0.05));
      for (const v of cart.reset({ options: { low: 0.2, high: 0.3 } }).observation) expect(v).to.be.within(Math.fround(0.2), Math.fround(0.3));
      const acro = new AcrobotEnv();
      acro.reset({ seed: 0 });
      for (let i = 0; i < 200; i++) {
        acro.reset();
        for (const v of acro.getState()) {
          expect(Math.abs(v)).to.be.at.most(0.1);
          expect(v, 'rounded to float32 as Gymnasium does').to.equal(Math.fround(v));
        }
      }
    });

    it('MountainCar-v0 starts at rest in [-0.6, -0.4]; Pendulum-v1 in [-π, π] x [-1, 1] or the x_init/y_init range', () => {
      const car = new MountainCarEnv();
      car.reset({ seed: 3 });
      const positions = Array.from({ length: 300 }, () => {
        car.reset();
        const [p, v] = car.getState();
        expect(v).to.equal(0);
        return p as number;
      });
      expect(Math.min(...positions)).to.be.within(-0.6, -0.59);
      expect(Math.max(...positions)).to.be.within(-0.41, -0.4);
      const pend = new PendulumEnv();
      pend.reset({ seed: 3 });
      const thetas = Array.from({ length: 300 }, () => {
        pend.reset();
        const [th, w] = pend.getState();
        expect(Math.abs(w as number)).to.be.at.most(1);
        return th as number;
      });
      expect(Math.max(...thetas.map(Math.abs))).to.be.within(3, Math.PI);
      pend.reset({ options: { x_init: 0.1, y_init: 0.2 } });
      const [th, w] = pend.getState();
      expect(Math.abs(th as number)).to.be.at.most(0.1);
      expect(Math.abs(w as number)).to.be.at.most(0.2);
    });

    it('rejects bad reset options', () => {
      expect(() => new CartPoleEnv().reset({ options: { low: 1, high: 0 } })).to.throw(InvalidArgumentError, 'CartPole-v1: reset option low 1 must not exceed high 0');
      expect(() => new MountainCarEnv().reset({ options: { low: 'a' } })).to.throw(InvalidArgumentError, 'MountainCar-v0: reset option low is "a", must be a finite number');
      expect(() => new PendulumEnv().reset({ options: { x_init: NaN } })).to.throw(InvalidArgumentError, /x_init is NaN/);
      expect(() => new AcrobotEnv().reset({ options: 3 as never })).to.throw(InvalidArgumentError, 'Acrobot-v1: reset options 3 must be an object such as { low: 0 }');
    });
  });

  describe('dynamics and rewards', () => {
    it('CartPole-v1: +1 per step including termination, 0 after; sutton_barto_reward gives 0 and -1', () => {
      const rewards = (env: CartPoleEnv) => {
        env.setState([0, 0, 0.2, 0.4]);
        // Pushing left tips the pole further right; copy each result, the env reuses the object.
        return [0, 0, 0].map((a) => {
          const r = env.step(a);
          return [r.reward, r.terminated];
        });
      };
      expect(rewards(new CartPoleEnv())).to.deep.equal([[1, false], [1, true], [0, true]]);
      expect(rewards(new CartPoleEnv({ sutton_barto_reward: true }))).to.deep.equal([[0, false], [-1, true], [-1, true]]);
    });

    it('MountainCar-v0: stops dead at the left wall; goal_velocity makes the goal harder', () => {
      const env = new MountainCarEnv();
      env.setState([-1.19, -0.07]);
      env.step(0);
      expect(env.getState()).to.deep.equal(Float64Array.of(-1.2, 0));
      env.setState([0.49, 0.02]);
      expect(env.step(1).terminated).to.equal(true);
      const picky = new MountainCarEnv({ goal_velocity: 0.05 });
      picky.setState([0.49, 0.02]);
      expect(picky.step(1).terminated).to.equal(false);
    });

    it('Acrobot-v1: "nips" dynamics differ from the default "book"; torque noise follows the seed', () => {
      const after = (env: AcrobotEnv) => {
        env.reset({ seed: 5 });
        for (let t = 0; t < 10; t++) env.step(2);
        return Array.from(env.getState());
      };
      const book = after(new AcrobotEnv());
      expect(after(new AcrobotEnv({ book_or_nips: 'book' }))).to.deep.equal(book);
      expect(after(new AcrobotEnv({ book_or_nips: 'nips' }))).to.not.deep.equal(book);
      const noisy = after(new AcrobotEnv({ torque_noise_max: 0.5 }));
      expect(noisy).to.not.deep.equal(book);
      expect(after(new AcrobotEnv({ torque_noise_max: 0.5 }))).to.deep.equal(noisy);
    });

    it('Acrobot-v1: wraps angles into [-π, π] and ends with reward 0 when the tip is above the line', () => {
      const env = new AcrobotEnv();
      env.setState([Math.PI - 0.01, 0, 3, 0]);
      const r = env.step(1);
      const [th1] = env.getState();
      expect(th1 as number).to.be.within(-Math.PI, 0);
      expect([r.reward, r.terminated]).to.deep.equal([0, true]);
    });

    it('Pendulum-v1: clips the torque to ±2, normalizes the angle in the cost, and uses g', () => {
      const next = (env: PendulumEnv, u: number) => {
        env.setState([1, 0.5]);
        const r = env.step(Float32Array.of(u));
        return [...env.getState(), r.reward];
      };
      expect(next(new PendulumEnv(), 5)).to.deep.equal(next(new PendulumEnv(), 2));
      expect(next(new PendulumEnv(), -1e9)).to.deep.equal(next(new PendulumEnv(), -2));
      expect(next(new PendulumEnv(), 1)).to.not.deep.equal(next(new PendulumEnv(), 2));
      const env = new PendulumEnv();
      env.setState([2 * Math.PI + 0.3, 0]);
      const wrapped = env.step(Float32Array.of(0)).reward;
      env.setState([0.3, 0]);
      expect(wrapped).to.be.closeTo(env.step(Float32Array.of(0)).reward, 1e-12);
      expect(wrapped).to.be.closeTo(-0.09, 1e-12);
      expect(next(new PendulumEnv({ g: 9.81 }), 0)[1]).to.not.equal(next(new PendulumEnv(), 0)[1]);
    });
  });

  describe('speed contract', () => {
    for (const { id, create, action } of ALL) {
      it(`${id}: step reuses one result object and one observation array`, () => {
        const env = create() as ClassicControlEnv<unknown>;
        const first = env.reset({ seed: 0 }).observation;
        const r1 = env.step(action);
        const r2 = env.step(action);
        expect(r1).to.equal(r2);
        expect(r1.observation).to.equal(first);
        expect(r1.info).to.deep.equal({});
      });
    }
  });

  describe('bad input', () => {
    it('throws StateError on step before the first reset', () => {
      expect(() => new CartPoleEnv().step(0)).to.throw(StateError, 'CartPole-v1: step() called before reset()');
      expect(() => new PendulumEnv().step(Float32Array.of(0))).to.throw(StateError, /Pendulum-v1/);
    });

    it('rejects actions outside a Discrete space, naming the env, the value and the space', () => {
      const env = new CartPoleEnv();
      env.reset({ seed: 0 });
      expect(() => env.step(2)).to.throw(InvalidArgumentError, 'CartPole-v1: action 2 is not in Discrete(2)');
      expect(() => env.step(NaN)).to.throw(InvalidArgumentError, 'CartPole-v1: action NaN is not in Discrete(2)');
      expect(() => env.step(0.5)).to.throw(InvalidArgumentError, /action 0.5/);
      expect(() => env.step(Infinity)).to.throw(InvalidArgumentError, /action Infinity/);
      expect(() => (env as unknown as Env<Float32Array, unknown>).step('1')).to.throw(InvalidArgumentError, /action "1"/);
      const acro = new AcrobotEnv();
      acro.reset();
      expect(() => acro.step(3)).to.throw(InvalidArgumentError, 'Acrobot-v1: action 3 is not in Discrete(3)');
      const car = new MountainCarEnv();
      car.reset();
      expect(() => car.step(-1)).to.throw(InvalidArgumentError, 'MountainCar-v0: action -1 is not in Discrete(3)');
    });

    it('Pendulum-v1 rejects NaN, infinite torques and wrong shapes', () => {
      const env = new PendulumEnv();
      env.reset();
      expect(() => env.step(Float32Array.of(NaN))).to.throw(InvalidArgumentError, 'Pendulum-v1: action [NaN] is not in Box(-2.0, 2.0, (1,), float32)');
      expect(() => env.step(Float32Array.of(-Infinity))).to.throw(InvalidArgumentError, /action \[-Infinity\]/);
      expect(() => env.step(Float32Array.of(0, 0))).to.throw(InvalidArgumentError, /action \[0, 0\]/);
      expect(() => (env as unknown as Env<Float32Array, unknown>).step(1)).to.throw(InvalidArgumentError, /action 1 is not in/);
    });

    it('rejects unknown and ill-typed kwargs, listing the allowed ones', () => {
      expect(() => new CartPoleEnv({ gravity: 3 } as never)).to.throw(InvalidArgumentError, 'CartPole-v1: unknown kwarg "gravity"; allowed kwargs: sutton_barto_reward');
      expect(() => new PendulumEnv({ g: 'x' } as never)).to.throw(InvalidArgumentError, 'Pendulum-v1: kwarg g is "x", must be a finite number');
      expect(() => new AcrobotEnv({ book_or_nips: 'paper' } as never)).to.throw(InvalidArgumentError, /book_or_nips is "paper", must be one of "book", "nips"/);
      expect(() => new AcrobotEnv({ torque_noise_max: -1 })).to.throw(InvalidArgumentError, /torque_noise_max is -1, must be a finite number >= 0/);
      expect(() => new MountainCarEnv({ goal_velocity: Infinity })).to.throw(InvalidArgumentError, /goal_velocity is Infinity/);
      expect(() => make('MountainCar-v0', { gravity: 1 })).to.throw(InvalidArgumentError, /MountainCar-v0: unknown kwarg "gravity"; allowed kwargs: goal_velocity/);
    });

    it('setState rejects a wrong length or a non-finite entry', () => {
      const env = new AcrobotEnv();
      expect(() => env.setState([0, 0, 0])).to.throw(InvalidArgumentError, 'Acrobot-v1: state [0, 0, 0] has 3 entries, must have 4');
      expect(() => env.setState([0, NaN, 0, 0])).to.throw(InvalidArgumentError, 'Acrobot-v1: state entry 1 is NaN, must be a finite number');
    });
  });

  describe('through make()', () => {
    for (const { id } of ALL) {
      it(`${id} passes checkEnv`, () => {
        expect(checkEnv(make(id)).problems).to.deep.equal([]);
      });
    }

    it('passes kwargs on, names errors by the registered id, and truncates at the Gymnasium limits', () => {
      const pend = make<Float32Array, Float32Array>('Pendulum-v1', { g: 9.81 });
      pend.reset({ seed: 0 });
      (pend.unwrapped as PendulumEnv).setState([1, 0]);
      pend.step(Float32Array.of(0));
      const ours = new PendulumEnv({ g: 9.81 });
      ours.setState([1, 0]);
      ours.step(Float32Array.of(0));
      expect((pend.unwrapped as PendulumEnv).getState()).to.deep.equal(ours.getState());
      const cart = make<Float32Array, number>('CartPole-v1');
      cart.reset({ seed: 0 });
      expect(() => cart.step(7)).to.throw(InvalidArgumentError, 'CartPole-v1: action 7 is not in Discrete(2)');
      for (const [id, limit, action] of [['MountainCar-v0', 200, 1], ['Pendulum-v1', 200, Float32Array.of(0)]] as const) {
        const env = make(id);
        env.reset({ seed: 1 });
        let t = 0;
        let r;
        do r = env.step(action);
        while (!r.truncated && !r.terminated && ++t < 1000);
        expect([t + 1, r.truncated], id).to.deep.equal([limit, true]);
      }
    });
  });
});
