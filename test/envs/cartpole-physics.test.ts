import { expect } from 'chai';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { CartPoleEnv } from '../../src/envs/classic-control/cartpole.js';

describe('envs/classic-control: CartPole pole length and mass', () => {
  const run = (env: CartPoleEnv) => {
    env.reset({ seed: 3 });
    let obs = new Float32Array(4);
    for (let t = 0; t < 10; t++) obs = Float32Array.from(env.step(t % 2).observation);
    return Array.from(obs);
  };

  it('keeps the defaults bit for bit and changes the motion with another length or mass', () => {
    expect(run(new CartPoleEnv({ length: 0.5, masspole: 0.1 }))).to.deep.equal(run(new CartPoleEnv()));
    expect(run(new CartPoleEnv({ length: 0.9 }))).to.not.deep.equal(run(new CartPoleEnv()));
    expect(run(new CartPoleEnv({ masspole: 0.3 }))).to.not.deep.equal(run(new CartPoleEnv()));
  });

  it('rejects a length or mass that is not a positive number, naming it', () => {
    expect(() => new CartPoleEnv({ length: 0 })).to.throw(InvalidArgumentError, /length/);
    expect(() => new CartPoleEnv({ masspole: Number.NaN })).to.throw(InvalidArgumentError, /masspole/);
  });
});
