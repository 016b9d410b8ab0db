import { expect } from 'chai';
import { alternatingGdaStep } from '../../src/games/dynamics/alternating-gda.js';
import { extragradientStep } from '../../src/games/dynamics/extragradient.js';
import { fictitiousPlayStep } from '../../src/games/dynamics/fictitious-play.js';
import { gdaStep } from '../../src/games/dynamics/gda.js';
import { mwuStep } from '../../src/games/dynamics/mwu.js';
import { optimisticGdaInit, optimisticGdaStep } from '../../src/games/dynamics/optimistic-gda.js';
import { optimisticHedgeStep, optimisticMwuInit, optimisticMwuStep } from '../../src/games/dynamics/optimistic-mwu.js';
import { replicatorStep } from '../../src/games/dynamics/replicator.js';
import { HedgeLearner, RegretMeter } from '../../src/games/dynamics/hedge-learner.js';
import { blumMansourStep, stationaryDistribution, SwapRegretHedge } from '../../src/games/dynamics/swap-regret.js';
import { bilinearGame, pointDistance, type MinMaxPoint } from '../../src/games/min-max-game.js';
import { rockPaperScissors } from '../../src/games/normal-form/builtins.js';

const xy = bilinearGame();
const start = (): MinMaxPoint => ({ x: Float64Array.of(1), y: Float64Array.of(1) });
const origin: MinMaxPoint = { x: Float64Array.of(0), y: Float64Array.of(0) };
const closeTo = (actual: ArrayLike<number>, expected: number[], tol = 1e-12): void => {
  expect(actual.length).to.equal(expected.length);
  expected.forEach((e, i) => expect(actual[i]).to.be.closeTo(e, tol));
};

describe('games/dynamics: one step of each against a hand computation', () => {
  // On f = xy: ∇_x f = y, ∇_y f = x. From (1, 1) with η = 0.1:
  it('simultaneous GDA: (1 − 0.1·1, 1 + 0.1·1) = (0.9, 1.1)', () => {
    const p = gdaStep(xy, start(), 0.1);
    closeTo(p.x, [0.9]);
    closeTo(p.y, [1.1]);
  });

  it('alternating GDA: x = 0.9, then y = 1 + 0.1·0.9 = 1.09', () => {
    const p = alternatingGdaStep(xy, start(), 0.1);
    closeTo(p.x, [0.9]);
    closeTo(p.y, [1.09]);
  });

  it('optimistic GDA with previous gradients (0.5, 0.5): x = 1 − 0.1(2 − 0.5) = 0.85, y = 1.15', () => {
    const s = optimisticGdaStep(xy, { ...start(), previous: { gx: Float64Array.of(0.5), gy: Float64Array.of(0.5) } }, 0.1);
    closeTo(s.x, [0.85]);
    closeTo(s.y, [1.15]);
    closeTo(s.previous.gx, [1]);
    // From the initial state the first step is plain GDA.
    closeTo(optimisticGdaStep(xy, optimisticGdaInit(xy, start()), 0.1).x, [0.9]);
  });

  it('extragradient: half step (0.9, 1.1), then x = 1 − 0.1·1.1 = 0.89, y = 1 + 0.1·0.9 = 1.09', () => {
    const p = extragradientStep(xy, start(), 0.1);
    closeTo(p.x, [0.89]);
    closeTo(p.y, [1.09]);
  });

  it('MWU on RPS: row (½, ½, 0) vs a uniform column gains 0 everywhere; the column gains (−½, ½, 0) against the row', () => {
    const eta = Math.log(2);
    const [x, y] = mwuStep(rockPaperScissors(), [Float64Array.of(0.5, 0.5, 0), Float64Array.of(1 / 3, 1 / 3, 1 / 3)], eta) as [Float64Array, Float64Array];
    // Against uniform every row action is worth 0: x unchanged. Column values (−½, ½, 0) → weights 2^(−½), 2^(½), 1.
    closeTo(x, [0.5, 0.5, 0]);
    const w = [2 ** -0.5, 2 ** 0.5, 1];
    const z = w[0]! + w[1]! + w[2]!;
    closeTo(y, w.map((v) => v / z));
  });

  it('optimistic Hedge: exponent 2g − g_prev; optimistic MWU starts as plain MWU', () => {
    // x = (½, ½), g = (1, 0), g_prev = (0.5, 0), η = ln 3 / 1.5: weights ½·3, ½·1 → (3/4, 1/4).
    closeTo(optimisticHedgeStep([0.5, 0.5], [1, 0], [0.5, 0], Math.log(3) / 1.5), [0.75, 0.25]);
    const rps = rockPaperScissors();
    const profile = [Float64Array.of(0.5, 0.3, 0.2), Float64Array.of(0.1, 0.6, 0.3)];
    const plain = mwuStep(rps, profile, 0.2);
    const s = optimisticMwuStep(rps, optimisticMwuInit(rps, profile), 0.2);
    closeTo(s.profile[0]!, Array.from(plain[0]!));
    closeTo(s.profile[1]!, Array.from(plain[1]!));
  });

  it('fictitious play on RPS from (rock, rock): both best-respond with paper → beliefs (½, ½, 0)', () => {
    const s = fictitiousPlayStep(rockPaperScissors(), { beliefs: [Float64Array.of(1, 0, 0), Float64Array.of(1, 0, 0)], t: 1 });
    expect(s.t).to.equal(2);
    closeTo(s.beliefs[0]!, [0.5, 0.5, 0]);
    closeTo(s.beliefs[1]!, [0.5, 0.5, 0]);
  });

  it('replicator on RPS: row (½, ½, 0) vs rock has u = (0, 1, −1), mean ½ → (0.475, 0.525, 0) at h = 0.1', () => {
    const [x, y] = replicatorStep(rockPaperScissors(), [Float64Array.of(0.5, 0.5, 0), Float64Array.of(1, 0, 0)], 0.1) as [Float64Array, Float64Array];
    closeTo(x, [0.475, 0.525, 0]);
    closeTo(y, [1, 0, 0]);
  });

  it('Blum–Mansour: stationary distribution of [[0.9, 0.1], [0.2, 0.8]] is (2/3, 1/3); copies see gains scaled by p(j)', () => {
    closeTo(stationaryDistribution([Float64Array.of(0.9, 0.1), Float64Array.of(0.2, 0.8)]), [2 / 3, 1 / 3]);
    // p = (½, ½), gains (2 ln 3, 0), η = 1: each copy sees (ln 3, 0) → rows (3/4, 1/4) → stationary (3/4, 1/4).
    const rows = blumMansourStep([Float64Array.of(0.5, 0.5), Float64Array.of(0.5, 0.5)], [0.5, 0.5], [2 * Math.log(3), 0], 1);
    closeTo(rows[0]!, [0.75, 0.25]);
    closeTo(rows[1]!, [0.75, 0.25]);
    const learner = new SwapRegretHedge(2, 1);
    learner.update([2 * Math.log(3), 0]);
    closeTo(learner.strategy(), [0.75, 0.25]);
    expect(() => learner.update([1])).to.throw(/gains must have 2 entries/);
    expect(() => new SwapRegretHedge(2, 0)).to.throw(/eta must be a positive finite number, got 0/);
    expect(Array.from(new SwapRegretHedge(2, 1, [0.3, 0.7]).strategy())).to.deep.equal([0.3, 0.7]);
    expect(() => new SwapRegretHedge(2, 1, [0.25, 0.5])).to.throw(/initial sums to 0.75/);
  });

  it('HedgeLearner is one Hedge step per round; RegretMeter tells swap from external regret', () => {
    const h = new HedgeLearner(2, Math.log(3));
    h.update([1, 0]);
    closeTo(h.strategy(), [0.75, 0.25]);
    // Play 0 when 1 pays, then 1 when 0 pays: each round's mistake is its own swap (regret 2), one fixed action only gains 1.
    const m = new RegretMeter(2);
    m.record([1, 0], [0, 1]);
    m.record([0, 1], [1, 0]);
    expect(m.swapRegret()).to.equal(2);
    expect(m.externalRegret()).to.equal(1);
  });
});

describe('games/dynamics: last iterates on the bilinear game min_x max_y xy (η = 0.1, start (1, 1), 2000 steps)', () => {
  it('optimistic GDA ends within 1e-3 of (0, 0) while simultaneous GDA moves away', () => {
    let o = optimisticGdaInit(xy, start());
    let g = start();
    for (let t = 0; t < 2000; t++) {
      o = optimisticGdaStep(xy, o, 0.1);
      g = gdaStep(xy, g, 0.1);
    }
    expect(pointDistance(o, origin)).to.be.below(1e-3);
    // Each GDA step multiplies the distance by √(1 + η²) exactly: √2·1.01^1000 ≈ 2.9e4.
    expect(pointDistance(g, origin)).to.be.closeTo(Math.SQRT2 * 1.01 ** 1000, 1e-6 * 1.01 ** 1000);
  });
});
