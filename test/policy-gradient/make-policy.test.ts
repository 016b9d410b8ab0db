import { expect } from 'chai';
import { Box, Discrete } from '../../src/core/spaces/index.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { obsDimOf } from '../../src/policy-gradient/make-policy.js';
import { createPgAgent, PG_ALGORITHMS } from '../../src/policy-gradient/pg-algorithms.js';


describe('policy gradient: spaces by kind', () => {
  it('takes the spaces of another loaded copy of the library (a .ts env module), for every algorithm', async () => {
    // A query makes a second module record, so second classes, as a user's .ts env module gets under the compiled CLI.
    const box = (await import(`${new URL('../../src/core/spaces/box.ts', import.meta.url).href}?copy`)) as typeof import('../../src/core/spaces/box.js');
    const discrete = (await import(`${new URL('../../src/core/spaces/discrete.ts', import.meta.url).href}?copy`)) as typeof import('../../src/core/spaces/discrete.js');
    const obs = new box.Box(0, 1, [1]);
    const act = new discrete.Discrete(2);
    expect(obs instanceof Box).to.equal(false);
    for (const algo of PG_ALGORITHMS) {
      const agent = createPgAgent(algo, obs, act, {}, 1);
      expect(agent.act(Float32Array.of(0.5), { explore: false }), algo).to.be.oneOf([0, 1]);
      agent.dispose?.();
    }
  });

  it('asks for a one-hot encoding of a Discrete observation instead of feeding the index', () => {
    expect(obsDimOf(new Box(0, 1, [2, 3]))).to.equal(6);
    expect(() => obsDimOf(new Discrete(16))).to.throw(InvalidArgumentError, /Discrete\(16\) is not supported; allowed: Box \(one-hot encode it with the OneHotObservation wrapper\)/);
  });
});
