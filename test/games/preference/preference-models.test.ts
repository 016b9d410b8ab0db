import { expect } from 'chai';
import { InvalidArgumentError } from '../../../src/core/errors.js';
import { loadLpSolver } from '../../../src/core/lp.js';
import { Rng } from '../../../src/core/rng.js';
import {
  biasedRps,
  bradleyTerryMatrix,
  contextualPreference,
  cyclicRps,
  fitBradleyTerry,
  linkProbability,
  majorityVotePreference,
  minimaxWinner,
  noisyPreference,
  policyWinRate,
  preferenceGap,
  preferenceMatrix,
  randomTournament,
  sampleComparisons,
  tabulatePreference,
  winRates,
} from '../../../src/games/preference/index.js';

const close = (actual: ArrayLike<number>, expected: number[], tol = 1e-9): void => {
  expect(actual.length).to.equal(expected.length);
  expected.forEach((e, i) => expect(actual[i]).to.be.closeTo(e, tol));
};

describe('games/preference: preference models', () => {
  before(async () => loadLpSolver());

  it('a non-complementary matrix is an error naming the pair', () => {
    expect(() =>
      preferenceMatrix([
        [0.5, 0.7, 0.2],
        [0.3, 0.5, 0.6],
        [0.8, 0.5, 0.5],
      ]),
    ).to.throw(InvalidArgumentError, /P\(y1 ≻ y2\) \+ P\(y2 ≻ y1\) must be 1, got 0\.6 \+ 0\.5 = 1\.1/);
    expect(() => preferenceMatrix([[0.4]])).to.throw(InvalidArgumentError, /P\(y0 ≻ y0\) must be 0\.5/);
    expect(() => preferenceMatrix([[0.5, 1.2], [-0.2, 0.5]])).to.throw(InvalidArgumentError, /P\(y0 ≻ y1\) must be in \[0, 1\], got 1\.2/);
    expect(() => preferenceMatrix([[0.5, 0.5]])).to.throw(InvalidArgumentError, /row 0 has 2 entries, expected 1/);
    expect(() => preferenceMatrix([])).to.throw(InvalidArgumentError, /at least one response/);
  });

  it('biased RPS is ½ + A/100, and its win rates against a policy are P·π', () => {
    const P = biasedRps();
    close(P.probs, [0.5, 0.25, 1, 0.75, 0.5, 0.45, 0, 0.55, 0.5]);
    close(winRates(P, [1, 0, 0]), [0.5, 0.75, 0]);
    expect(policyWinRate(P, [0, 1, 0], [1, 0, 0])).to.be.closeTo(0.75, 1e-12);
  });

  it('minimax winners: uniform for cyclic RPS; biased RPS solves (P − ½)π = 0 with gap 0; the gap of a pure response', () => {
    close(minimaxWinner(cyclicRps()), [1 / 3, 1 / 3, 1 / 3]);
    const P = biasedRps();
    // A·π = 0 for A = [[0,−25,50],[25,0,−5],[−50,5,0]]: π ∝ (5, 50, 25), i.e. (1/16, 10/16, 5/16).
    const pi = minimaxWinner(P);
    close(pi, [1 / 16, 10 / 16, 5 / 16]);
    expect(preferenceGap(P, pi)).to.be.closeTo(0, 1e-9);
    // Against pure paper (y2), rock (y0) wins with probability 1: gap ½.
    expect(preferenceGap(P, [0, 0, 1])).to.be.closeTo(0.5, 1e-12);
    expect(() => preferenceGap(P, [0.5, 0.5])).to.throw(InvalidArgumentError, /3 entries, got 2/);
  });

  it('a random tournament is seeded, has 0/1 entries off the diagonal and no Condorcet winner', () => {
    const a = randomTournament(7, new Rng(3));
    const b = randomTournament(7, new Rng(3));
    expect(Array.from(a.probs)).to.deep.equal(Array.from(b.probs));
    for (let i = 0; i < 7; i++) {
      let wins = 0;
      for (let j = 0; j < 7; j++) if (i !== j) wins += a.probs[i * 7 + j]!;
      expect(wins).to.be.below(6);
    }
    expect(preferenceGap(a, minimaxWinner(a))).to.be.closeTo(0, 1e-7);
    expect(() => randomTournament(2, new Rng(0))).to.throw(InvalidArgumentError, /n must be an integer >= 3/);
  });

  it('a majority vote of three rankings is the Condorcet cycle', () => {
    // Three voters over items 0, 1, 2 ranking 0>1>2, 1>2>0 and 2>0>1.
    const rankings = [
      [3, 2, 1],
      [1, 3, 2],
      [2, 1, 3],
    ];
    const pref = majorityVotePreference(rankings.map((r) => (y: number) => r[y]!));
    const P = tabulatePreference([0, 1, 2], pref);
    close(P.probs, [0.5, 1, 0, 0, 0.5, 1, 1, 0, 0.5]);
    expect(() => majorityVotePreference([])).to.throw(InvalidArgumentError, /at least one reward/);
  });

  it('noisy preferences: Bradley–Terry is σ(Δr/T), Thurstone is Φ(Δr/T), both complementary', () => {
    const r = (y: number) => [0, 1, 3][y]!;
    const bt = noisyPreference(r, { temperature: 2 });
    expect(bt(1, 0)).to.be.closeTo(1 / (1 + Math.exp(-0.5)), 1e-15);
    const th = noisyPreference(r, { link: 'thurstone', temperature: 1 });
    expect(th(1, 0)).to.be.closeTo(0.8413447460685429, 1e-7); // Φ(1)
    expect(th(2, 0)).to.be.closeTo(0.9986501019683699, 1e-7); // Φ(3)
    expect(tabulatePreference([0, 1, 2], th).size).to.equal(3);
    expect(linkProbability('thurstone', 0, 1)).to.be.closeTo(0.5, 1e-7);
    expect(() => noisyPreference(r, { temperature: 0 })).to.throw(InvalidArgumentError, /temperature must be a finite number > 0, got 0/);
  });

  it('tabulatePreference rejects a function that is not complementary, naming the pair', () => {
    expect(() => tabulatePreference([0, 1], () => 0.7)).to.throw(InvalidArgumentError, /P\(y0 ≻ y1\) \+ P\(y1 ≻ y0\) must be 1/);
  });

  it('contextual preferences share one response set', () => {
    const c = contextualPreference([cyclicRps(), biasedRps()]);
    expect(c.numContexts).to.equal(2);
    expect(c.numResponses).to.equal(3);
    expect(() => contextualPreference([cyclicRps(), preferenceMatrix([[0.5]])])).to.throw(InvalidArgumentError, /context 1 has 1 responses, expected 3/);
  });

  it('the Bradley–Terry fit recovers known scores from 40,000 simulated comparisons', () => {
    const truth = [-1, -0.2, 0.4, 0.8];
    const data = sampleComparisons(bradleyTerryMatrix(truth), 40_000, new Rng(11));
    const fit = fitBradleyTerry(4, data);
    close(fit.scores, truth, 0.06);
    // The fitted scores are centred.
    expect(fit.scores.reduce((a, b) => a + b, 0)).to.be.closeTo(0, 1e-9);
    expect(() => fitBradleyTerry(3, [{ winner: 0, loser: 1 }, { winner: 1, loser: 2 }])).to.throw(InvalidArgumentError, /never wins or never loses/);
    expect(() => fitBradleyTerry(3, [{ winner: 0, loser: 0 }])).to.throw(InvalidArgumentError, /comparison 0 must name two different responses/);
  });
});
