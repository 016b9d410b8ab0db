import { expect } from 'chai';
import { Box, Discrete } from '../../src/core/spaces/index.js';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { requireBox } from '../../src/envs/wrappers/require-box.js';

describe('envs: requireBox matches by kind', () => {
  it("takes a Box of another loaded copy of the library, and names a space that is not a Box", async () => {
    // A query makes a second module record, so a second Box class, as a user's .ts env module gets under the compiled CLI.
    const other = (await import(`${new URL('../../src/core/spaces/box.ts', import.meta.url).href}?copy`)) as typeof import('../../src/core/spaces/box.js');
    const foreign = new other.Box(-1, 1, [3]);
    expect(foreign instanceof Box).to.equal(false);
    expect(requireBox(foreign, 'NormalizeObservation(X)', 'observation').size).to.equal(3);
    expect(() => requireBox(new Discrete(2), 'ClipAction(X)', 'action')).to.throw(InvalidArgumentError, /ClipAction\(X\): needs a Box action space, got Discrete\(2\)/);
  });
});
