import { expect } from 'chai';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/core/backend.js';
import { autodiffGame } from '../../src/games/small-gain-nash/autodiff-game.js';
import { estimateBounds } from '../../src/games/small-gain-nash/bounds.js';
import { metricLipschitz, optimizeWeights, sgnCertificate, sgnMargin, timescaleBand } from '../../src/games/small-gain-nash/certificate.js';
import { quadraticGame } from '../../src/games/small-gain-nash/differentiable-game.js';
import { projectedEulerStep, rk4Step } from '../../src/games/small-gain-nash/flows.js';

/** The paper's game: f1 = ½x1² + 10·x1x2, f2 = ½x2² + 0.05·x1x2, so H = [[1, 10], [0.05, 1]]. */
const paperGame = () =>
  quadraticGame([1, 1], [
    { Q: [[1, 10], [10, 0]] },
    { Q: [[0, 0.05], [0.05, 1]] },
  ], 'SGN 2-D');
const box = { lower: [-1, -1], upper: [1, 1] };

/** λ_min of the symmetric 2×2 matrix [[a, c], [c, b]]. */
const lambdaMin2 = (a: number, b: number, c: number): number => (a + b) / 2 - Math.sqrt(((a - b) / 2) ** 2 + c * c);

describe('games/small-gain-nash: margin, weights, band and step bounds on the 2-D game', () => {
  it('reads μ = (1, 1), L12 = 10, L21 = 0.05 off the Jacobian', () => {
    const b = estimateBounds(paperGame(), box);
    expect(Array.from(b.mu)).to.deep.equal([1, 1]);
    expect(b.L[0]![1]).to.be.closeTo(10, 1e-12);
    expect(b.L[1]![0]).to.be.closeTo(0.05, 1e-12);
  });

  it('closed forms for 2×2: Euclidean margin ½(2 − 10.05) < 0; best w = (1, 200), α* = 1 − √½, β = 1 + √½, Euler and RK4 bounds, band', () => {
    const c = sgnCertificate(paperGame(), box);
    expect(c.euclideanMargin).to.be.closeTo(0.5 * lambdaMin2(2, 2, -10.05), 1e-12);
    expect(c.euclideanMargin).to.be.closeTo(-4.025, 1e-12);
    if (!c.certified) throw new Error(c.reason);
    // r = w2/w1 = L12/L21 makes the scaled coupling c = L12/√r + L21√r smallest: 2√(L12·L21) = √2.
    expect(c.weights[1]! / c.weights[0]!).to.be.closeTo(200, 1e-9);
    const alpha = 0.5 * lambdaMin2(2, 2, Math.SQRT2);
    expect(c.margin).to.be.closeTo(alpha, 1e-12);
    expect(alpha).to.be.closeTo(1 - Math.SQRT1_2, 1e-15);
    // M^{1/2}HM^{-1/2} = [[1, 10/√200], [0.05·√200, 1]] = [[1, √½], [√½, 1]]: symmetric, norm 1 + √½.
    const beta = 1 + Math.SQRT1_2;
    expect(c.beta).to.be.closeTo(beta, 1e-12);
    expect(c.steps.euler).to.be.closeTo((2 * alpha) / beta ** 2, 1e-12);
    expect(c.steps.rk4).to.be.closeTo(2.5 / beta, 1e-12);
    // Band: L21·s² − 2s + L12 < 0 with s = √r → s = (1 ± √(1 − 0.5))/0.05.
    const band = timescaleBand(c.bounds.mu, c.bounds.L);
    const sLow = (1 - Math.sqrt(0.5)) / 0.05;
    const sHigh = (1 + Math.sqrt(0.5)) / 0.05;
    expect(band?.lower).to.be.closeTo(sLow * sLow, 1e-9);
    expect(band?.upper).to.be.closeTo(sHigh * sHigh, 1e-9);
    // At the band's edges the margin vanishes; inside it is positive, outside negative.
    expect(sgnMargin(c.bounds.mu, c.bounds.L, [1, sLow * sLow])).to.be.closeTo(0, 1e-9);
    expect(sgnMargin(c.bounds.mu, c.bounds.L, [1, 30])).to.be.below(0);
    expect(sgnMargin(c.bounds.mu, c.bounds.L, [1, 40])).to.be.above(0);
    expect(sgnMargin(c.bounds.mu, c.bounds.L, [1, 1200])).to.be.below(0);
  });

  it('the coordinate search (used for three or more players) finds the closed-form optimum of a 2-player game too', () => {
    const b = estimateBounds(paperGame(), box);
    // Three players with a decoupled third reduce to the 2-D game plus the third's own curvature 1.
    const mu = Float64Array.of(1, 1, 1);
    const L = [Float64Array.of(0, 10, 0), Float64Array.of(0.05, 0, 0), Float64Array.of(0, 0, 0)];
    const w = optimizeWeights(mu, L);
    expect(sgnMargin(mu, L, w)).to.be.closeTo(sgnMargin(b.mu, b.L, [1, 200]), 1e-6);
  });

  it('no certificate, with the reason: strong coupling (L12·L21 > μ1μ2) or a player without curvature', () => {
    const coupled = quadraticGame([1, 1], [{ Q: [[1, 2], [2, 0]] }, { Q: [[0, -2], [-2, 1]] }]);
    const c = sgnCertificate(coupled, box);
    expect(c.certified).to.equal(false);
    if (!c.certified) expect(c.reason).to.match(/small-gain condition fails/);
    expect(timescaleBand(c.bounds.mu, c.bounds.L)).to.equal(undefined);
    const flat = quadraticGame([1, 1], [{ Q: [[0, 1], [1, 0]] }, { Q: [[0, 0], [0, 1]] }]);
    const d = sgnCertificate(flat, box);
    if (d.certified) throw new Error('expected no certificate');
    expect(d.reason).to.match(/player 0's own cost is not strongly convex on the box: μ_0 = 0/);
  });

  it('β in the Euclidean metric is ‖H‖₂', () => {
    // ‖[[1, 10], [0.05, 1]]‖₂ = √(λ_max(HᵀH)); HᵀH = [[1.0025, 10.05], [10.05, 101]].
    const HtH = [1 + 0.05 ** 2, 10 + 0.05, 101];
    const norm = Math.sqrt((HtH[0]! + HtH[2]!) / 2 + Math.sqrt(((HtH[0]! - HtH[2]!) / 2) ** 2 + HtH[1]! ** 2));
    expect(metricLipschitz([paperGame().jacobian([0, 0])], [1, 1], [1, 1])).to.be.closeTo(norm, 1e-9);
  });

  it('an autodiff (tfjs) game gives the quadratic game\'s gradient and Jacobian', async () => {
    await initBackend();
    const g = autodiffGame([1, 1], [
      (x) => tf.tidy(() => x.slice(0, 1).square().mul(0.5).add(x.slice(0, 1).mul(x.slice(1, 1)).mul(10)).sum()),
      (x) => tf.tidy(() => x.slice(1, 1).square().mul(0.5).add(x.slice(0, 1).mul(x.slice(1, 1)).mul(0.05)).sum()),
    ]);
    const F = g.pseudoGradient([0.5, -0.25]);
    expect(F[0]).to.be.closeTo(0.5 - 2.5, 1e-6);
    expect(F[1]).to.be.closeTo(-0.25 + 0.025, 1e-6);
    const H = g.jacobian([0.5, -0.25]);
    [[1, 10], [0.05, 1]].forEach((row, r) => row.forEach((h, k) => expect(H[r]![k]).to.be.closeTo(h, 1e-6)));
  });

  it('projected Euler and RK4 steps (hand-computed on F(x) = Hx)', () => {
    // F(1, 1) = (11, 1.05): Euler with h = 0.1 → (−0.1, 0.895); the box clips x1 to 0 when it is [0, 1]².
    const e = projectedEulerStep(paperGame(), [1, 1], 0.1);
    expect(e[0]).to.be.closeTo(-0.1, 1e-12);
    expect(e[1]).to.be.closeTo(0.895, 1e-12);
    expect(projectedEulerStep(paperGame(), [1, 1], 0.1, { lower: [0, 0], upper: [1, 1] })[0]).to.equal(0);
    // For a linear flow RK4 is x' = (I − hH + (hH)²/2 − (hH)³/6 + (hH)⁴/24)x; scalar check with f1 = ½x², H = 1.
    const scalar = quadraticGame([1], [{ Q: [[1]] }]);
    const h = 0.5;
    expect(rk4Step(scalar, [1], h)[0]).to.be.closeTo(1 - h + h ** 2 / 2 - h ** 3 / 6 + h ** 4 / 24, 1e-15);
  });
});
