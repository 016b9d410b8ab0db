import { expect } from 'chai';
import { loadLpSolver } from '../../src/core/lp.js';
import { solveZeroSum } from '../../src/games/zero-sum.js';

const close = (actual: ArrayLike<number>, expected: number[], tol = 1e-9): void => {
  expect(actual.length).to.equal(expected.length);
  expected.forEach((e, i) => expect(actual[i]).to.be.closeTo(e, tol));
};

describe('games/zero-sum: solveZeroSum', () => {
  before(async () => loadLpSolver());

  it('rock-paper-scissors: both players uniform, value 0', () => {
    const s = solveZeroSum([
      [0, -1, 1],
      [1, 0, -1],
      [-1, 1, 0],
    ]);
    close(s.row, [1 / 3, 1 / 3, 1 / 3]);
    close(s.col, [1 / 3, 1 / 3, 1 / 3]);
    expect(s.value).to.be.closeTo(0, 1e-12);
  });

  it('biased RPS [[0,−1,2],[1,0,−1],[−2,1,0]]: (1/4, 1/2, 1/4) for both, value 0', () => {
    const s = solveZeroSum([
      [0, -1, 2],
      [1, 0, -1],
      [-2, 1, 0],
    ]);
    close(s.row, [0.25, 0.5, 0.25]);
    close(s.col, [0.25, 0.5, 0.25]);
    expect(s.value).to.be.closeTo(0, 1e-12);
  });

  it('a non-square game with a pure saddle point (hand-solved: row 1, col 0, value 2)', () => {
    // Row 1 dominates row 0; against row 1 the column player picks column 0 (payoff 2 < 5).
    const s = solveZeroSum([
      [1, 3],
      [2, 5],
    ]);
    close(s.row, [0, 1]);
    close(s.col, [1, 0]);
    expect(s.value).to.be.closeTo(2, 1e-9);
  });

  it('an unbalanced 2×2 game (hand-solved by indifference: x = (0.6, 0.4), y = (0.5, 0.5), value 1)', () => {
    // A = [[3, -1], [-2, 4]]: x solves 3x − 2(1−x) = −x + 4(1−x) → x = 0.6; y solves 3y − (1−y) = −2y + 4(1−y) → y = 0.5;
    // value 3·0.6·0.5 − 0.6·0.5 − 2·0.4·0.5 + 4·0.4·0.5 = 1.
    const s = solveZeroSum([
      [3, -1],
      [-2, 4],
    ]);
    close(s.row, [0.6, 0.4]);
    close(s.col, [0.5, 0.5]);
    expect(s.value).to.be.closeTo(1, 1e-9);
  });

  it('refuses ragged and non-finite matrices, naming the entry', () => {
    expect(() => solveZeroSum([[1, 2], [3]])).to.throw(/row 1 has 1 entries, expected 2/);
    expect(() => solveZeroSum([[1, NaN]])).to.throw(/A\[0\]\[1\] must be finite, got NaN/);
  });
});
