import { expect } from 'chai';
import { initBackend } from '../../src/core/backend.js';
import { Rng } from '../../src/core/rng.js';
import type { GradientOracle } from '../../src/policy-gradient/ascent-rule.js';
import { BatchOracle } from '../../src/policy-gradient/batch-oracle.js';
import { CategoricalPolicy } from '../../src/policy-gradient/categorical-policy.js';
import { HarpgRule } from '../../src/policy-gradient/harpg.js';
import { momentumWeight, normalizedStepSize } from '../../src/policy-gradient/momentum-schedules.js';
import { NpgIgtRule } from '../../src/policy-gradient/npg-igt.js';
import { getFlat, setFlat } from '../../src/policy-gradient/params.js';
import { norm } from '../../src/policy-gradient/vector.js';

const A = [1, 4, 0.25];
const OPT = [1, -2, 0.5];
const grad = (t: ArrayLike<number>) => Float64Array.from(A, (a, i) => -a * ((t[i] as number) - OPT[i]!));
const oracle = (t: Float64Array): GradientOracle => ({ gradient: grad(t), value: 0, hessianVector: async (u) => u.map((x, i) => -A[i]! * x) });
const dist = (t: ArrayLike<number>) => Math.sqrt(OPT.reduce((s, o, i) => s + ((t[i] as number) - o) ** 2, 0));

describe('normalized momentum policy gradient (N-PG-IGT, N-HARPG)', () => {
  it('schedules: γ_t = γ0·2/(t+2), η_t = η0·(2/(t+2))^p', () => {
    expect(normalizedStepSize(0.1, 0)).to.equal(0.1);
    expect(normalizedStepSize(0.1, 8)).to.be.closeTo(0.02, 1e-15);
    expect(momentumWeight(1, 0, 0.8)).to.equal(1);
    expect(momentumWeight(1, 3, 0.8)).to.be.closeTo(0.4 ** 0.8, 1e-15);
  });

  it('N-PG-IGT samples at the look-ahead point and takes normalized steps of length γ_t', async () => {
    const rule = new NpgIgtRule({ gamma0: 0.1, eta0: 1 });
    const t0 = Float64Array.of(0, 0, 0);
    expect(Array.from(rule.samplePoint(t0))).to.deep.equal([0, 0, 0]);
    const t1 = await rule.step(t0, oracle(t0));
    expect(norm(t1.map((x, i) => x - (t0[i] as number)))).to.be.closeTo(0.1, 1e-12);
    const eta1 = (2 / 3) ** 0.8;
    const look = rule.samplePoint(t1);
    look.forEach((x, i) => expect(x).to.be.closeTo((t1[i] as number) + ((1 - eta1) / eta1) * ((t1[i] as number) - (t0[i] as number)), 1e-12));
    const t2 = await rule.step(t1, oracle(look));
    expect(norm(t2.map((x, i) => x - (t1[i] as number)))).to.be.closeTo(normalizedStepSize(0.1, 1), 1e-12);
  });

  it('N-PG-IGT and N-HARPG approach the optimum of a concave quadratic with exact oracles', async () => {
    for (const make of [() => new NpgIgtRule({ gamma0: 1 }), () => new HarpgRule(new Rng(0), { gamma0: 1 })]) {
      const rule = make();
      let theta: Float64Array = Float64Array.of(-3, 2, 4);
      const start = dist(theta);
      for (let t = 0; t < 3000; t++) theta = await rule.step(theta, oracle(rule.samplePoint(theta)));
      expect(dist(theta), rule.name).to.be.below(0.02 * start);
    }
  });

  it('N-HARPG continues exactly from a saved state, its interpolation draws included', async () => {
    const a = new HarpgRule(new Rng(3), { gamma0: 0.5 });
    let theta: Float64Array = Float64Array.of(-3, 2, 4);
    for (let t = 0; t < 3; t++) theta = await a.step(theta, oracle(a.samplePoint(theta)));
    const b = new HarpgRule(new Rng(99), { gamma0: 0.5 });
    b.setState(JSON.parse(JSON.stringify(a.getState())));
    let ta = theta;
    let tb: Float64Array = Float64Array.from(theta);
    for (let t = 0; t < 3; t++) {
      ta = await a.step(ta, oracle(a.samplePoint(ta)));
      tb = await b.step(tb, oracle(b.samplePoint(tb)));
    }
    expect(Array.from(tb)).to.deep.equal(Array.from(ta));
  });

  it('N-HARPG with exact Hessian-vector products tracks the true gradient: d_t ∝ ∇J(θ_t)', async () => {
    const rule = new HarpgRule(new Rng(1), { gamma0: 0.5 });
    let theta: Float64Array = Float64Array.of(-3, 2, 4);
    for (let t = 0; t < 5; t++) {
      const sample = rule.samplePoint(theta);
      const next = await rule.step(theta, oracle(sample));
      if (t > 0) {
        const step = next.map((x, i) => x - (theta[i] as number));
        const g = grad(theta);
        const cos = step.reduce((s, x, i) => s + x * (g[i] as number), 0) / (norm(step) * norm(g));
        // The recursion d_t = (1−η)(d_{t−1} + H(θ_t − θ_{t−1})) + η g_t is exact on a quadratic only if g is taken
        // at θ_t; ours takes g at θ̂_t, so allow a small angle.
        expect(cos).to.be.above(0.95);
      }
      theta = next;
    }
  });

  it('estimates Hessian-vector products B(τ,θ)u of a linear-softmax policy as the analytic form', async () => {
    await initBackend();
    // Linear softmax on one constant feature: logits z = W + b (W: 1×3, b: 3); one one-step episode, action 1, weight 2.
    const pi = new CategoricalPolicy(1, 3, new Rng(0), { netArch: [] });
    setFlat(pi.variables, [0.2, -0.4, 0.1, 0.3, 0.0, -0.2]);
    const batch = { obs: Float32Array.of(1), actions: [1], episode: Int32Array.of(0), numEpisodes: 1, weights: Float64Array.of(2), value: 2 };
    const oracle = await BatchOracle.measure(pi, batch, await getFlat(pi.variables), 0, 1e-2);
    const z = [0.5, -0.4, -0.1];
    const zmax = Math.max(...z);
    const e = z.map((x) => Math.exp(x - zmax));
    const p = e.map((x) => x / e.reduce((a, b) => a + b, 0));
    const u = Float64Array.of(0.3, -0.1, 0.2, -0.2, 0.4, 0.1);
    const du = [0, 1, 2].map((k) => (u[k] as number) + (u[k + 3] as number)); // J·u with J = [I I]
    const score = p.map((pk, k) => (k === 1 ? 1 : 0) - pk);
    const scoreDotU = score.reduce((s, x, k) => s + x * du[k]!, 0);
    const pDotDu = p.reduce((s, pk, k) => s + pk * du[k]!, 0);
    // B u = ∇Φ(∇log p·u) + ∇²Φ u with Φ = w·log π_1: in logits, w·s·(s·Ju) − w·(diag p − ppᵀ)Ju; then Jᵀ.
    const inLogits = [0, 1, 2].map((k) => 2 * score[k]! * scoreDotU - 2 * (p[k]! * du[k]! - p[k]! * pDotDu));
    const expected = [...inLogits, ...inLogits];
    const got = await oracle.hessianVector(u);
    expected.forEach((x, i) => expect(got[i]).to.be.closeTo(x, 1e-4));
    expect(Array.from(await getFlat(pi.variables))).to.deep.equal(Array.from(Float32Array.of(0.2, -0.4, 0.1, 0.3, 0.0, -0.2)));
    pi.dispose();
  });
});
