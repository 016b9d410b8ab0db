import { expect } from 'chai';
import { ConvergeError, InvalidArgumentError, NotFoundError, StateError } from '../../src/core/errors.js';

describe('errors', () => {
  it('are instances of their class and of ConvergeError, with a code', () => {
    const e = new StateError('step before reset');
    expect(e).to.be.instanceOf(StateError).and.instanceOf(ConvergeError).and.instanceOf(Error);
    expect(e).to.not.be.instanceOf(InvalidArgumentError);
    expect(e.code).to.equal('ERR_STATE');
    expect(e.name).to.equal('StateError');
  });

  it("match an error of the same name and code from another copy of the library", () => {
    // What a second loaded copy's InvalidArgumentError looks like from here: another class, same name and code.
    class InvalidArgumentError2 extends Error {
      readonly code = 'ERR_INVALID_ARGUMENT';
      override readonly name = 'InvalidArgumentError';
    }
    expect(new InvalidArgumentError2('x')).to.be.instanceOf(InvalidArgumentError);
    expect(new InvalidArgumentError2('x')).to.not.be.instanceOf(NotFoundError);
    const nodeError = Object.assign(new TypeError('x'), { code: 'ERR_INVALID_ARG_TYPE' });
    expect(nodeError).to.not.be.instanceOf(InvalidArgumentError);
    expect({ name: 'InvalidArgumentError', code: 'ERR_INVALID_ARGUMENT' }).to.not.be.instanceOf(InvalidArgumentError);
  });
});
