import { expect } from 'chai';
import type { StepResult } from '../../src/core/env.js';
import { CartPoleEnv } from '../../src/envs/classic-control/cartpole.js';
import {
  constrainedCartPole,
  constrainedGridWorld,
  constrainedPendulum,
  isConstrainedEnv,
  solveCmdp,
  twoStateCmdp,
  WithCosts,
  type ConstraintSpec,
} from '../../src/envs/constrained/index.js';
import { assertEnv, checkEnv } from '../../src/envs/env-checker.js';
import { make } from '../../src/envs/registry.js';
import { RecordEpisodeStatistics } from '../../src/envs/wrappers/record-episode-statistics.js';
import { Wrapper } from '../../src/envs/wrappers/wrapper.js';
import { CountdownEnv } from '../support/toy-envs.js';

const oneCost: readonly ConstraintSpec[] = [{ name: 'c', budget: 1, kind: 'average' }];

/** A constrained env whose `info.costs` on step k is whatever `costs(k)` says (to feed the checker bad costs). */
class CostsFrom extends Wrapper<Float32Array, number> {
  private k = 0;
  override get constraints(): readonly ConstraintSpec[] {
    return oneCost;
  }
  constructor(private readonly costs: (k: number) => unknown) {
    super(new CountdownEnv({ k: 100 }));
  }
  override step(action: number): StepResult<Float32Array> {
    const r = this.env.step(action);
    const info = this.k === 3 ? { costs: this.costs(this.k) } : { costs: Float64Array.of(0) };
    this.k++;
    return { ...r, info };
  }
}

describe('envs/constrained: ConstrainedEnv, checker, wrappers and benchmarks', () => {
  it('the checker passes the constrained benchmarks, made with their wrappers', () => {
    for (const env of [twoStateCmdp({ horizon: 20 }), constrainedGridWorld(), make('ConstrainedCartPole-v0'), make('ConstrainedPendulum-v0'), make('ConstrainedGridWorld-v0')]) {
      expect(checkEnv(env).problems).to.deep.equal([]);
      expect(isConstrainedEnv(env)).to.equal(true);
    }
    expect(isConstrainedEnv(make('CartPole-v1'))).to.equal(false);
  });

  it('the checker reports a missing, NaN or wrongly sized cost, naming the env and the step', () => {
    const cases: [unknown, RegExp][] = [
      [undefined, /step\(\d\) at step 3: info\.costs is missing/],
      [Float64Array.of(NaN), /step\(\d\) at step 3: info\.costs\[0\] is NaN, must be finite/],
      [Float64Array.of(0, 1), /step\(\d\) at step 3: info\.costs has 2 entries, must have 1 \(one per constraint\)/],
      [[0], /step\(\d\) at step 3: info\.costs is \[0\], must be a Float64Array of 1 costs/],
    ];
    for (const [costs, pattern] of cases) {
      expect(() => assertEnv(new CostsFrom(() => costs))).to.throw(pattern);
      expect(() => assertEnv(new CostsFrom(() => costs))).to.throw(/^CountdownEnv does not keep the Env contract/);
    }
  });

  it('the checker reports bad constraint declarations', () => {
    const env = new CostsFrom(() => Float64Array.of(0));
    Object.defineProperty(env, 'constraints', { value: [{ name: 'c', budget: NaN, kind: 'average' }] });
    expect(checkEnv(env).problems.join('\n')).to.match(/constraint "c" budget must be finite, got NaN/);
  });

  it('wrappers keep the constraints and the costs', () => {
    const env = new RecordEpisodeStatistics(make('ConstrainedCartPole-v0', { band: 0.01 }));
    expect(env.constraints).to.deep.equal([{ name: 'off-centre', budget: 5, kind: 'discounted', gamma: 0.99 }]);
    env.reset({ seed: 1 });
    let r: StepResult<unknown>;
    let k = 0;
    do {
      r = env.step(k++ % 2);
      expect(r.info.costs).to.be.instanceOf(Float64Array);
    } while (!r.terminated && !r.truncated);
    expect(r.info.episode).to.not.equal(undefined);
  });

  it('CartPole costs 1 exactly on the steps that end outside the band', () => {
    const env = constrainedCartPole({ band: 0.05 });
    env.reset({ seed: 4 });
    let seen = 0;
    for (let t = 0; t < 200; t++) {
      const r = env.step(1);
      const x = r.observation[0] as number;
      expect((r.info.costs as Float64Array)[0]).to.equal(Math.abs(x) > 0.05 ? 1 : 0);
      seen += (r.info.costs as Float64Array)[0] as number;
      if (r.terminated) break;
    }
    expect(seen).to.be.greaterThan(0);
    expect(env.unwrapped).to.be.instanceOf(CartPoleEnv);
    expect(() => constrainedCartPole({ band: 0 })).to.throw(/ConstrainedCartPole-v0: band must be a finite number > 0, got 0/);
  });

  it('Pendulum costs (u/2)² of the clipped torque', () => {
    const env = constrainedPendulum();
    env.reset({ seed: 0 });
    expect((env.step(Float32Array.of(1)).info.costs as Float64Array)[0]).to.be.closeTo(0.25, 1e-7);
    expect((env.step(Float32Array.of(-5)).info.costs as Float64Array)[0]).to.equal(1);
  });

  it('WithCosts declares its constraints and checks them', () => {
    expect(() => new WithCosts(new CountdownEnv(), [], () => {})).to.throw(/constraints must be a non-empty array/);
    expect(() => new WithCosts(new CountdownEnv(), [{ name: 'a', budget: 1, kind: 'discounted', gamma: 1 }], () => {})).to.throw(/gamma must be in \[0, 1\), got 1/);
  });

  it('the hazard gridworld: the budget binds, and the optimum beats a near-safe budget and loses to no budget', async () => {
    const sol = await solveCmdp(constrainedGridWorld());
    const loose = await solveCmdp(constrainedGridWorld({ budget: 100 }));
    const safe = await solveCmdp(constrainedGridWorld({ budget: 0.05 }));
    expect(sol.Vc[0]).to.be.closeTo(0.5, 1e-6);
    expect(sol.multipliers[0]).to.be.greaterThan(0);
    expect(sol.Vr).to.be.lessThan(loose.Vr - 1e-3);
    expect(sol.Vr).to.be.greaterThan(safe.Vr + 1e-3);
    expect(loose.Vc[0]).to.be.greaterThan(0.5);
  });
});

describe('envs/constrained: RecordEpisodeStatistics with costs', () => {
  it('reports each constraint as its budget reads it: discounted sum, or mean per step', () => {
    const constraints: readonly ConstraintSpec[] = [
      { name: 'disc', budget: 1, kind: 'discounted', gamma: 0.5 },
      { name: 'avg', budget: 1, kind: 'average' },
    ];
    // Countdown(k = 3) ends after 3 steps; costs (1, 2) on every step.
    const env = new RecordEpisodeStatistics(new WithCosts(new CountdownEnv({ k: 3 }), constraints, (_a, _r, out) => out.set([1, 2])));
    env.reset({ seed: 0 });
    env.step(0);
    env.step(0);
    const last = env.step(0);
    expect((last.info.episode as { c: number[] }).c).to.deep.equal([1 + 0.5 + 0.25, 2]);
    expect(env.costQueue).to.deep.equal([[1.75, 2]]);
    env.reset();
    env.step(0);
    expect(new RecordEpisodeStatistics(new CountdownEnv()).costQueue).to.deep.equal([]);
  });

  it('a step without valid costs is an error naming the env and the step', () => {
    const env = new RecordEpisodeStatistics(new CostsFrom(() => Float64Array.of(NaN)));
    env.reset({ seed: 0 });
    for (let k = 0; k < 3; k++) env.step(0);
    expect(() => env.step(0)).to.throw(/RecordEpisodeStatistics\(CountdownEnv\): step 4 of episode 1: info\.costs\[0\] is NaN/);
  });
});
