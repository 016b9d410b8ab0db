import { expect } from 'chai';
import { loadLpSolver, solveLinearProgram } from '../../src/core/lp.js';

describe('core/lp: HiGHS linear programs', () => {
  before(async () => loadLpSolver());

  it('solves a 2-variable LP with its duals (hand-solved: x = (2, 2), y = (1/3, 4/3))', () => {
    // max 3x1 + 2x2 s.t. x1 + 2x2 <= 6, 2x1 + x2 <= 6; optimum at (2, 2) = 10; duals solve [1 2; 2 1]^T y = (3, 2).
    const s = solveLinearProgram({
      sense: 'maximize',
      cost: [3, 2],
      A: [
        [1, 2],
        [2, 1],
      ],
      rowLower: [-Infinity, -Infinity],
      rowUpper: [6, 6],
    });
    expect(s.status).to.equal('optimal');
    expect(s.objective).to.be.closeTo(10, 1e-9);
    expect(s.x[0]).to.be.closeTo(2, 1e-9);
    expect(s.x[1]).to.be.closeTo(2, 1e-9);
    expect(Math.abs(s.rowDuals[0])).to.be.closeTo(1 / 3, 1e-9);
    expect(Math.abs(s.rowDuals[1])).to.be.closeTo(4 / 3, 1e-9);
  });

  it('reports infeasibility as a status, not an exception', () => {
    const s = solveLinearProgram({ sense: 'minimize', cost: [1], A: [[1]], rowLower: [2], rowUpper: [1] });
    expect(s.status).to.equal('infeasible');
  });

  it('names the row whose length is wrong', () => {
    expect(() => solveLinearProgram({ sense: 'minimize', cost: [1, 1], A: [[1]], rowLower: [0], rowUpper: [1] })).to.throw(
      /row 0 of A has 1 entries, expected 2/,
    );
  });
});
