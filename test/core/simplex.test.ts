import { expect } from 'chai';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { projectL1Ball, projectL1BallSimplex, projectSimplex } from '../../src/core/simplex.js';
import { l1SimplexVertices } from '../support/polytope.js';

const l1 = (x: ArrayLike<number>, y: ArrayLike<number>) => Array.from(x).reduce((s, xi, i) => s + Math.abs(xi - (y[i] as number)), 0);
const dist2 = (x: ArrayLike<number>, y: ArrayLike<number>) => Array.from(x).reduce((s, xi, i) => s + (xi - (y[i] as number)) ** 2, 0);
const sum = (x: ArrayLike<number>) => Array.from(x).reduce((s, v) => s + v, 0);

/** max over the vertices q of (y − p)·(q − p): at most 0 exactly when p is the projection of y (convex set). */
function variationalGap(y: ArrayLike<number>, p: ArrayLike<number>, vertices: readonly (readonly number[])[]): number {
  let worst = -Infinity;
  for (const q of vertices) worst = Math.max(worst, q.reduce((s, qi, i) => s + ((y[i] as number) - (p[i] as number)) * (qi - (p[i] as number)), 0));
  return worst;
}

function randomPoint(rng: Rng, n: number, scale: number): number[] {
  return Array.from({ length: n }, () => scale * (2 * rng.random() - 1));
}

function randomDistribution(rng: Rng, n: number, zeros: boolean): number[] {
  const w = Array.from({ length: n }, () => (zeros && rng.random() < 0.3 ? 0 : rng.random()));
  if (sum(w) === 0) w[0] = 1;
  const z = sum(w);
  return w.map((v) => v / z);
}

/** Every point of the simplex with coordinates on a grid of step 1/m (n = 3). */
function simplexGrid(m: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i <= m; i++) for (let j = 0; i + j <= m; j++) out.push([i / m, j / m, (m - i - j) / m]);
  return out;
}

describe('core/simplex: exact projections', () => {
  const identity = (n: number) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));

  it('projects onto the simplex: feasible and optimal over every vertex, for 300 random points in 1 to 6 dimensions', () => {
    const rng = new Rng(1);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + (trial % 6);
      const y = randomPoint(rng, n, trial % 2 ? 0.5 : 5);
      const p = projectSimplex(y);
      expect(sum(p)).to.be.closeTo(1, 1e-12);
      for (const v of p) expect(v).to.be.at.least(0);
      expect(variationalGap(y, p, identity(n))).to.be.at.most(1e-12);
    }
  });

  it('matches a fine grid search on the 2-simplex (hand case: (0.5, 0.5, -1) → (0.5, 0.5, 0))', () => {
    expect(Array.from(projectSimplex([0.5, 0.5, -1]))).to.deep.equal([0.5, 0.5, 0]);
    expect(Array.from(projectSimplex([2, 0, 0]))).to.deep.equal([1, 0, 0]);
    const grid = simplexGrid(200);
    const rng = new Rng(2);
    for (let trial = 0; trial < 20; trial++) {
      const y = randomPoint(rng, 3, 2);
      const p = projectSimplex(y);
      const best = Math.min(...grid.map((q) => dist2(y, q)));
      expect(dist2(y, p)).to.be.at.most(best + 1e-12);
      expect(dist2(y, p)).to.be.at.least(best - 2e-2);
    }
  });

  it('projects onto L1 ball ∩ simplex: feasible and optimal over the brute-force vertices, for 300 random cases', () => {
    const rng = new Rng(3);
    let active = 0;
    for (let trial = 0; trial < 300; trial++) {
      const n = 2 + (trial % 3);
      const c = randomDistribution(rng, n, trial % 3 === 0);
      const radius = [0, 0.05, 0.2, 0.5, 1, 2.5][trial % 6] as number;
      const y = c.map((ci) => ci + (trial % 2 ? 0.3 : 3) * (2 * rng.random() - 1));
      const p = projectL1BallSimplex(y, c, radius);
      expect(sum(p)).to.be.closeTo(1, 1e-12);
      for (const v of p) expect(v).to.be.at.least(-1e-15);
      expect(l1(p, c)).to.be.at.most(radius + 1e-12);
      if (l1(projectSimplex(y), c) > radius) active++;
      expect(variationalGap(y, p, l1SimplexVertices(c, radius))).to.be.at.most(1e-11);
    }
    expect(active).to.be.greaterThan(100);
  });

  it('matches a fine grid search of L1 ball ∩ 2-simplex', () => {
    const grid = simplexGrid(200);
    const rng = new Rng(4);
    for (let trial = 0; trial < 20; trial++) {
      const c = randomDistribution(rng, 3, false);
      const radius = 0.1 + 0.4 * rng.random();
      const y = randomPoint(rng, 3, 2);
      const p = projectL1BallSimplex(y, c, radius);
      const inside = grid.filter((q) => l1(q, c) <= radius);
      const best = Math.min(...inside.map((q) => dist2(y, q)));
      expect(dist2(y, p)).to.be.at.most(best + 1e-12);
    }
  });

  it('returns the centre for radius 0 and the simplex projection for radius >= 2', () => {
    const c = [0.2, 0.3, 0.5];
    expect(Array.from(projectL1BallSimplex([5, -1, 0], c, 0))).to.deep.equal(c);
    expect(Array.from(projectL1BallSimplex([5, -1, 0], c, 2))).to.deep.equal([1, 0, 0]);
  });

  it('projects onto an L1 ball: on the ball, and optimal over its 2n vertices', () => {
    const rng = new Rng(5);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + (trial % 4);
      const c = randomPoint(rng, n, 1);
      const radius = [0, 0.3, 1, 4][trial % 4] as number;
      const y = randomPoint(rng, n, 3);
      const x = projectL1Ball(y, c, radius);
      expect(l1(x, c)).to.be.at.most(radius + 1e-12);
      const vertices = c.flatMap((_, i) => [1, -1].map((sgn) => c.map((cj, j) => cj + (i === j ? sgn * radius : 0))));
      expect(variationalGap(y, x, vertices)).to.be.at.most(1e-11);
    }
    expect(Array.from(projectL1Ball([3, 0], [0, 0], 1))).to.deep.equal([1, 0]);
    expect(Array.from(projectL1Ball([0.2, -0.1], [0, 0], 1))).to.deep.equal([0.2, -0.1]);
  });

  it('rejects a bad radius, a mismatched centre and non-finite input, naming the value', () => {
    expect(() => projectL1BallSimplex([1, 0], [0.5, 0.5], -0.1)).to.throw(InvalidArgumentError, /radius must be a finite number >= 0, got -0.1/);
    expect(() => projectL1BallSimplex([1, 0], [0.5, 0.5], NaN)).to.throw(InvalidArgumentError, /got NaN/);
    expect(() => projectL1BallSimplex([1, 0], [1], 0.1)).to.throw(InvalidArgumentError, /center must have 2 entries/);
    expect(() => projectSimplex([1, Infinity])).to.throw(InvalidArgumentError, /y\[1\] = Infinity must be finite/);
    expect(() => projectSimplex([])).to.throw(InvalidArgumentError, /at least one entry/);
  });
});
