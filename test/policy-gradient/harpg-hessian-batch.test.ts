import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { StepStats } from '../../src/core/agent.js';
import { initBackend } from '../../src/core/backend.js';
import type { Env, EnvSnapshot } from '../../src/core/env.js';
import { Rng } from '../../src/core/rng.js';
import { make } from '../../src/envs/index.js';
import { SgdRule, type AscentRule } from '../../src/policy-gradient/ascent-rule.js';
import { HarpgRule } from '../../src/policy-gradient/harpg.js';
import { PolicyGradientAgent, type PolicyGradientOptions } from '../../src/policy-gradient/pg-agent.js';

type SnapEnv = Env<Float32Array, number> & { snapshot(): EnvSnapshot; restore(s: EnvSnapshot): void };

/** Steps `agent` on `env` `n` times from `state`; returns each step's stats (null where none) and the loop state. */
async function run(agent: PolicyGradientAgent, env: SnapEnv, state: { rng: Rng; obs?: Float32Array }, n: number): Promise<(StepStats | null)[]> {
  const seen: (StepStats | null)[] = [];
  for (let k = 0; k < n; k++) {
    state.obs ??= env.reset({ seed: state.rng.uint32() }).observation.slice();
    const action = agent.act(state.obs) as number;
    const r = env.step(action);
    const nextObs = r.observation.slice();
    seen.push((await agent.observe({ obs: state.obs, action, reward: r.reward, nextObs, terminated: r.terminated, truncated: r.truncated, info: r.info })) ?? null);
    state.obs = r.terminated || r.truncated ? undefined : nextObs;
  }
  return JSON.parse(JSON.stringify(seen)) as (StepStats | null)[];
}

const agentWith = (rule: AscentRule, extra: Partial<PolicyGradientOptions> = {}) => {
  const env = make('CartPole-v1');
  return new PolicyGradientAgent(env.observationSpace, env.actionSpace, new Rng(3), { rule, batchSteps: 100, netArch: [8], ...extra });
};

describe('policy-gradient agent: separate Hessian batch, linear baseline, decaying SGD', () => {
  before(async () => {
    await initBackend('wasm');
  });

  it('SgdRule with decayPower p steps γ0·(2/(t+2))^p·ĝ, unnormalised; without it, a constant step', async () => {
    const rule = new SgdRule(0.3, { decayPower: 2 / 3 });
    const o = { gradient: Float64Array.of(2, -1), value: 0, hessianVector: async (u: Float64Array) => u };
    const t1 = await rule.step(Float64Array.of(0, 0), o);
    expect(Array.from(t1)).to.deep.equal([0.6, -0.3]);
    const t2 = await rule.step(t1, o);
    const g1 = 0.3 * (2 / 3) ** (2 / 3);
    expect(t2[0]).to.be.closeTo(0.6 + 2 * g1, 1e-15);
    const copy = new SgdRule(0.3, { decayPower: 2 / 3 });
    copy.setState(rule.getState());
    expect(Array.from(await copy.step(t2, o))).to.deep.equal(Array.from(await rule.step(t2, o)));
    const constant = new SgdRule(0.3);
    await constant.step(t1, o);
    expect(Array.from(await constant.step(Float64Array.of(0, 0), o))).to.deep.equal([0.6, -0.3]);
    // A state saved before the step count was kept restores to step 0.
    copy.setState({});
    expect(Array.from(await copy.step(Float64Array.of(0, 0), o))).to.deep.equal([0.6, -0.3]);
    expect(() => new SgdRule(0)).to.throw(/learningRate must be a positive number/);
    expect(() => new SgdRule(0.3, { decayPower: -1 })).to.throw(/decayPower must be a positive number, got -1/);
  });

  it("gradientMean 'steps' scales ĝ by episodes/steps of the batch", async () => {
    const stats = async (extra: Partial<PolicyGradientOptions>) => {
      const a = agentWith(new SgdRule(1e-3), extra);
      const s = await run(a, make('CartPole-v1') as SnapEnv, { rng: new Rng(5) }, 400);
      a.dispose();
      const k = s.findIndex((x) => x !== null);
      return { rows: k + 1, gradNorm: s[k]!['gradNorm'] as number, episodes: s[k]!['batchEpisodes'] as number };
    };
    const byEpisode = await stats({});
    const byStep = await stats({ gradientMean: 'steps' });
    expect(byStep.rows).to.equal(byEpisode.rows);
    expect(byStep.gradNorm / byEpisode.gradNorm).to.be.closeTo(byEpisode.episodes / byEpisode.rows, 1e-6);
  });

  it('N-HARPG with hessianBatchSteps collects a second batch at θ̂ after the main one, and resumes mid-way exactly', async function () {
    this.timeout(30_000);
    const build = () => agentWith(new HarpgRule(new Rng(9), { gamma0: 0.1, hessianBatchSteps: 32 }), { baseline: 'linear', gradientMean: 'steps', estimator: 'return-to-go' });
    const a = build();
    const env = make('CartPole-v1') as SnapEnv;
    const state: { rng: Rng; obs?: Float32Array } = { rng: new Rng(1) };
    const seen = await run(a, env, state, 600);
    const at = seen.flatMap((s, k) => (s ? [k + 1] : []));
    expect(at.length).to.be.at.least(2);
    // Update 1 (t = 0) has no θ_{t−1}, so no Hessian batch; later ones need ≥ 100 main + ≥ 32 Hessian steps.
    expect(at[0]).to.be.at.least(100);
    for (let k = 1; k < at.length; k++) expect(at[k]! - at[k - 1]!).to.be.at.least(132);
    // Run to the middle of a Hessian batch: the main batch is done (≥ 100 steps after the last update) and no update yet.
    let extra = 0;
    const collectingHessian = () => (a as unknown as { hessPoint: Float64Array | null }).hessPoint !== null;
    while (!collectingHessian() || a.steps - at[at.length - 1]! < 110 || a.updates !== at.length) {
      await run(a, env, state, 1);
      extra++;
      expect(extra).to.be.below(400);
    }
    const root = await mkdtemp(join(tmpdir(), 'converge-harpg-'));
    try {
      await a.save(root);
      const snap = { env: JSON.parse(JSON.stringify(env.snapshot())) as EnvSnapshot, rng: state.rng.getState(), obs: state.obs?.slice() };
      const ahead = await run(a, env, state, 300);
      expect(ahead.some((s) => s !== null)).to.equal(true);
      const b = build();
      await b.load(root);
      const env2 = make('CartPole-v1') as SnapEnv;
      env2.restore(snap.env);
      expect(await run(b, env2, { rng: Rng.fromState(snap.rng), obs: snap.obs }, 300)).to.deep.equal(ahead);
      b.dispose();
    } finally {
      a.dispose();
      await rm(root, { recursive: true, force: true });
    }
  });
});
