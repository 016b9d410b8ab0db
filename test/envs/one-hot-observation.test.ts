import { expect } from 'chai';
import type { Env } from '../../src/core/env.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { MultiDiscrete } from '../../src/core/spaces/index.js';
import { make } from '../../src/envs/registry.js';
import { OneHotObservation } from '../../src/envs/wrappers/one-hot-observation.js';
import { Wrapper } from '../../src/envs/wrappers/wrapper.js';

describe('envs: OneHotObservation', () => {
  it("encodes FrozenLake's Discrete(16) state as a one-hot Box(0, 1, (16,))", () => {
    const env = new OneHotObservation(make('FrozenLake-v1') as Env<unknown, number>);
    expect(String(env.observationSpace)).to.equal('Box(0.0, 1.0, (16,), float32)');
    const first = env.reset({ seed: 0 }).observation;
    expect(Array.from(first)).to.deep.equal([1, ...new Array(15).fill(0)]);
    const r = env.step(2);
    expect(r.observation.reduce((a, b) => a + b, 0)).to.equal(1);
    expect(env.observationSpace.contains(r.observation)).to.equal(true);
  });

  it('encodes a MultiDiscrete observation as one-hots side by side, and names an observation outside the space', () => {
    class Fixed extends Wrapper<unknown, number> {
      constructor(private obs: unknown) {
        super(make('FrozenLake-v1') as Env<unknown, number>);
      }
      override get observationSpace() {
        return new MultiDiscrete([2, 3]) as never;
      }
      override reset() {
        return { observation: this.obs, info: {} };
      }
    }
    expect(Array.from(new OneHotObservation(new Fixed(Int32Array.of(1, 2))).reset().observation)).to.deep.equal([0, 1, 0, 0, 1]);
    expect(() => new OneHotObservation(new Fixed(Int32Array.of(1, 3))).reset()).to.throw(InvalidArgumentError, /observation \[1, 3\] is not in MultiDiscrete\(\[2 3\]\)|observation \[1, 3\] is not in/);
    expect(() => new OneHotObservation(make('CartPole-v1'))).to.throw(InvalidArgumentError, /needs a Discrete or MultiDiscrete observation space, got Box/);
  });
});
