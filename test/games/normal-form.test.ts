import { expect } from 'chai';
import { loadLpSolver } from '../../src/core/lp.js';
import {
  actionValues,
  biasedRockPaperScissors,
  bestResponse,
  coarseCorrelatedEquilibriumGap,
  correlatedEquilibriumGap,
  dualityGap,
  expectedPayoffs,
  exploitability,
  matchingPennies,
  nashConv,
  NormalFormGame,
  prisonersDilemma,
  productDistribution,
  rockPaperScissors,
  shapleyGame,
  stagHunt,
} from '../../src/games/normal-form/index.js';
import { solveZeroSum } from '../../src/games/zero-sum.js';

const uniform = (n: number): Float64Array => new Float64Array(n).fill(1 / n);
const pure = (n: number, a: number): Float64Array => Float64Array.from({ length: n }, (_, i) => (i === a ? 1 : 0));

/** Three players each paid 1 when all three pick the same of two actions. */
function unanimity(): NormalFormGame {
  const table = Array.from({ length: 8 }, (_, j) => (j === 0 || j === 7 ? 1 : 0));
  return new NormalFormGame({ numActions: [2, 2, 2], payoffs: [table, table, table], name: 'Unanimity' });
}

describe('games/normal-form: payoffs, best responses and NashConv', () => {
  before(async () => loadLpSolver());

  it('pure payoffs of the built-ins (RPS rock vs scissors, PD, stag hunt)', () => {
    expect(Array.from(expectedPayoffs(rockPaperScissors(), [pure(3, 0), pure(3, 2)]))).to.deep.equal([1, -1]);
    expect(Array.from(expectedPayoffs(prisonersDilemma(), [pure(2, 0), pure(2, 1)]))).to.deep.equal([0, 5]);
    expect(Array.from(expectedPayoffs(stagHunt(), [pure(2, 0), pure(2, 0)]))).to.deep.equal([4, 4]);
    expect(Array.from(expectedPayoffs(shapleyGame(), [pure(3, 2), pure(3, 0)]))).to.deep.equal([0, 1]);
  });

  it('solveZeroSum on the zero-sum built-ins gives equilibria with NashConv 0 (RPS uniform; biased RPS (1/4, 1/2, 1/4))', () => {
    for (const [game, expected] of [
      [rockPaperScissors(), [1 / 3, 1 / 3, 1 / 3]],
      [biasedRockPaperScissors(), [0.25, 0.5, 0.25]],
      [matchingPennies(), [0.5, 0.5]],
    ] as const) {
      const s = solveZeroSum(game.matrix(0));
      expected.forEach((e, a) => {
        expect(s.row[a]).to.be.closeTo(e, 1e-9);
        expect(s.col[a]).to.be.closeTo(e, 1e-9);
      });
      expect(s.value).to.be.closeTo(0, 1e-12);
      expect(nashConv(game, [s.row, s.col])).to.be.closeTo(0, 1e-9);
    }
  });

  it('NashConv is 0 at the known equilibria of the general-sum built-ins', () => {
    expect(nashConv(prisonersDilemma(), [pure(2, 1), pure(2, 1)])).to.equal(0);
    expect(nashConv(stagHunt(), [pure(2, 0), pure(2, 0)])).to.equal(0);
    expect(nashConv(stagHunt(), [pure(2, 1), pure(2, 1)])).to.equal(0);
    expect(nashConv(stagHunt(), [Float64Array.of(2 / 3, 1 / 3), Float64Array.of(2 / 3, 1 / 3)])).to.be.closeTo(0, 1e-12);
    expect(nashConv(shapleyGame(), [uniform(3), uniform(3)])).to.be.closeTo(0, 1e-12);
    expect(nashConv(unanimity(), [pure(2, 1), pure(2, 1), pure(2, 1)])).to.equal(0);
  });

  it('NashConv is positive away from equilibrium (hand-computed)', () => {
    // RPS, rock vs uniform: the row player cannot gain (all actions 0 vs uniform); the column player gains 1 with paper.
    expect(nashConv(rockPaperScissors(), [pure(3, 0), uniform(3)])).to.be.closeTo(1, 1e-12);
    expect(exploitability(rockPaperScissors(), [pure(3, 0), uniform(3)])).to.be.closeTo(0.5, 1e-12);
    expect(dualityGap(rockPaperScissors(), [pure(3, 0), uniform(3)])).to.be.closeTo(1, 1e-12);
    // PD (cooperate, cooperate): each gains 5 − 3 by defecting.
    expect(nashConv(prisonersDilemma(), [pure(2, 0), pure(2, 0)])).to.equal(4);
    // Stag hunt (stag, hare): row 1 → 3 by hare (gain 2); column 3 → 4 by stag (gain 1).
    expect(nashConv(stagHunt(), [pure(2, 0), pure(2, 1)])).to.equal(3);
    // Unanimity (0, 0, 1): only player 2 gains (0 → 1) by switching.
    expect(nashConv(unanimity(), [pure(2, 0), pure(2, 0), pure(2, 1)])).to.equal(1);
  });

  it('action values and best responses of a three-player game index joint actions row-major', () => {
    const g = unanimity();
    expect(g.jointIndex([1, 0, 1])).to.equal(5);
    expect([g.actionOf(5, 0), g.actionOf(5, 1), g.actionOf(5, 2)]).to.deep.equal([1, 0, 1]);
    // Player 1 against player 0 = (0.3, 0.7), player 2 = (0.6, 0.4): action 0 pays 0.3·0.6, action 1 pays 0.7·0.4.
    const v = actionValues(g, [Float64Array.of(0.3, 0.7), uniform(2), Float64Array.of(0.6, 0.4)], 1);
    expect(v[0]).to.be.closeTo(0.18, 1e-15);
    expect(v[1]).to.be.closeTo(0.28, 1e-15);
    expect(bestResponse(g, [Float64Array.of(0.3, 0.7), uniform(2), Float64Array.of(0.6, 0.4)], 1)).to.deep.equal({ action: 1, value: v[1] });
  });

  it('correlated-equilibrium gaps: 0 at a CE, the swap gain where only the CCE holds, NashConv for a product', () => {
    const hunt = stagHunt();
    // ½(stag, stag) + ½(hare, hare) is a correlated equilibrium: obeying pays 4 over 3, and 3 over 1.
    expect(correlatedEquilibriumGap(hunt, [0.5, 0, 0, 0.5])).to.equal(0);
    // RPS on the diagonal: told rock (the other plays rock), switching to paper wins 1 with probability 1/3; three
    // recommendations, two players → 2. No fixed action beats it overall (the other is uniform): CCE gap 0.
    const rps = rockPaperScissors();
    const diagonal = Array.from({ length: 9 }, (_, j) => (j % 4 === 0 ? 1 / 3 : 0));
    expect(correlatedEquilibriumGap(rps, diagonal)).to.be.closeTo(2, 1e-12);
    expect(coarseCorrelatedEquilibriumGap(rps, diagonal)).to.be.closeTo(0, 1e-12);
    const profile = [Float64Array.of(0.2, 0.5, 0.3), Float64Array.of(0.6, 0.1, 0.3)];
    expect(coarseCorrelatedEquilibriumGap(shapleyGame(), productDistribution(shapleyGame(), profile))).to.be.closeTo(nashConv(shapleyGame(), profile), 1e-12);
    expect(correlatedEquilibriumGap(shapleyGame(), productDistribution(shapleyGame(), [uniform(3), uniform(3)]))).to.be.closeTo(0, 1e-12);
  });

  it('bad input names the problem', () => {
    expect(() => new NormalFormGame({ numActions: [2], payoffs: [[1, 2]] })).to.throw(/at least 2 players/);
    expect(() => new NormalFormGame({ numActions: [2, 2], payoffs: [[1, 2, 3, 4], [1, 2, 3]] })).to.throw(/payoffs\[1\] must have 4 entries/);
    expect(() => nashConv(rockPaperScissors(), [uniform(3)])).to.throw(/one strategy per player \(2\)/);
    expect(() => nashConv(rockPaperScissors(), [uniform(3), Float64Array.of(0.5, 0.6, 0)])).to.throw(/player 1 sums to 1.1/);
    expect(() => exploitability(stagHunt(), [uniform(2), uniform(2)])).to.throw(/StagHunt is not a two-player zero-sum game/);
    expect(() => correlatedEquilibriumGap(stagHunt(), [1, 0, 0])).to.throw(/sigma must have 4 entries/);
  });
});
