import { expect } from 'chai';
import type { Env } from '../../src/core/env.js';
import { InvalidArgumentError, StateError } from '../../src/core/errors.js';
import { Box, Discrete } from '../../src/core/spaces/index.js';
import { make } from '../../src/envs/registry.js';
import {
  ClipAction,
  NormalizeObservation,
  NormalizeReward,
  OrderEnforcing,
  RecordEpisodeStatistics,
  RescaleAction,
  TimeLimit,
  TransformObservation,
  TransformReward,
  Wrapper,
  type EpisodeStatistics,
} from '../../src/envs/wrappers/index.js';
import { CountdownEnv, EchoActionEnv, LineEnv } from '../support/toy-envs.js';

describe('envs: wrappers', () => {
  it('Wrapper forwards spaces, metadata, spec and unwrapped to the inner env', () => {
    const inner = new CountdownEnv();
    const w = new Wrapper(new Wrapper(inner));
    expect(w.observationSpace).to.equal(inner.observationSpace);
    expect(w.actionSpace).to.equal(inner.actionSpace);
    expect(w.metadata).to.equal(inner.metadata);
    expect(w.unwrapped).to.equal(inner);
    w.spec = { id: 'X-v0', kwargs: {} };
    expect(inner.spec?.id).to.equal('X-v0');
    expect(w.reset({ seed: 1 }).observation[0]).to.equal(3);
    expect(w.step(1).reward).to.equal(2);
  });

  describe('TimeLimit', () => {
    it('truncates on the step that reaches the limit, not before, and restarts the count on reset', () => {
      const env = new TimeLimit(new CountdownEnv({ k: 100 }), 3);
      env.reset();
      expect(env.step(0).truncated).to.equal(false);
      expect(env.step(0).truncated).to.equal(false);
      const last = env.step(1);
      expect([last.truncated, last.terminated, last.reward, last.observation[0]]).to.deep.equal([true, false, 2, 97]);
      env.reset();
      expect(env.elapsedSteps).to.equal(0);
      expect(env.step(0).truncated).to.equal(false);
    });

    it('reports both flags when the env terminates on the limit step', () => {
      const env = new TimeLimit(new CountdownEnv({ k: 2 }), 2);
      env.reset();
      env.step(0);
      const r = env.step(0);
      expect([r.terminated, r.truncated]).to.deep.equal([true, true]);
    });

    it('rejects a limit that is not a positive integer', () => {
      for (const bad of [0, -1, 2.5, NaN]) expect(() => new TimeLimit(new CountdownEnv(), bad)).to.throw(InvalidArgumentError, /maxEpisodeSteps/);
    });
  });

  describe('OrderEnforcing', () => {
    it('throws StateError naming the env on step before reset, and after an ended episode until reset', () => {
      const inner = new CountdownEnv({ k: 1 });
      inner.spec = { id: 'Countdown-v0', kwargs: {} };
      const env = new OrderEnforcing(inner);
      expect(env.hasReset).to.equal(false);
      expect(() => env.step(0)).to.throw(StateError, /Countdown-v0: step\(\) was called before reset\(\).*env\.reset\(\)/);
      env.reset();
      expect(env.step(0).terminated).to.equal(true);
      expect(() => env.step(0)).to.throw(StateError, /Countdown-v0: .*ended \(terminated\) without reset\(\); call env\.reset\(\)/);
      env.reset();
      expect(env.step(1).reward).to.equal(2);
    });

    it('catches steps after truncation when it wraps a TimeLimit', () => {
      const env = new OrderEnforcing(new TimeLimit(new CountdownEnv({ k: 10 }), 1));
      env.reset();
      expect(env.step(0).truncated).to.equal(true);
      expect(() => env.step(0)).to.throw(StateError, /ended \(truncated\)/);
    });

    it('puts the env id in front of an inner error that lacks it', () => {
      const inner = new CountdownEnv();
      inner.spec = { id: 'Countdown-v9', kwargs: {} };
      const env = new OrderEnforcing(inner);
      env.reset();
      expect(() => env.step(7)).to.throw(InvalidArgumentError, /^Countdown-v9: Countdown: action 7 is not in Discrete\(2\)$/);
    });
  });

  describe('RecordEpisodeStatistics', () => {
    it('adds { r, l, t } to the info of the last step only, without touching the env info, and keeps queues', () => {
      const inner = new CountdownEnv({ k: 3 });
      const env = new RecordEpisodeStatistics(inner, { bufferLength: 2 });
      for (let episode = 0; episode < 3; episode++) {
        env.reset();
        expect(env.step(1).info).to.not.have.property('episode');
        expect(env.step(0).info).to.not.have.property('episode');
        const last = env.step(episode % 2);
        const stats = last.info.episode as EpisodeStatistics;
        expect(stats.r).to.equal(2 + 1 + 1 + (episode % 2));
        expect(stats.l).to.equal(3);
        expect(stats.t).to.be.a('number').and.to.be.at.least(0);
        expect(last.info.frozen).to.equal(true);
      }
      expect(env.episodeCount).to.equal(3);
      expect(env.returnQueue).to.deep.equal([5, 4]);
      expect(env.lengthQueue).to.deep.equal([3, 3]);
      expect(env.timeQueue).to.have.length(2);
    });
  });

  describe('NormalizeObservation', () => {
    const samples = [
      [1, 10],
      [3, -2],
      [-4, 5],
      [0.5, 7],
    ];
    const feed = (): { env: NormalizeObservation<Float32Array>; inner: EchoActionEnv; outs: number[][] } => {
      const inner = new EchoActionEnv(-10, 10);
      const env = new NormalizeObservation(inner);
      env.reset();
      const outs = samples.map((s) => Array.from(env.step(Float32Array.from(s)).observation));
      return { env, inner, outs };
    };

    it('tracks the running mean and variance of every observation and normalizes with them', () => {
      const { env, outs } = feed();
      const all = [[0, 0], ...samples];
      for (let i = 0; i < 2; i++) {
        const xs = all.map((s) => s[i] as number);
        const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
        const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
        // The pseudo-count 1e-4 of the prior (mean 0, var 1) shifts the stats by about 1e-4 relative.
        expect(env.obsRms.mean[i]).to.be.closeTo(mean, 1e-3);
        expect(env.obsRms.var[i]).to.be.closeTo(variance, 1e-3 * variance);
        const last = samples[samples.length - 1]?.[i] as number;
        expect(outs[outs.length - 1]?.[i]).to.be.closeTo((last - (env.obsRms.mean[i] as number)) / Math.sqrt((env.obsRms.var[i] as number) + 1e-8), 1e-5);
      }
      expect(env.obsRms.count).to.be.closeTo(5, 1e-3);
      expect(env.observationSpace.toString()).to.equal('Box(-inf, inf, (2,), float32)');
    });

    it('freezes the statistics and restores saved ones', () => {
      const { env } = feed();
      const saved = JSON.parse(JSON.stringify(env.obsRms.getState()));
      env.updateRunningMean = false;
      const a = Array.from(env.step(Float32Array.of(9, 9)).observation);
      expect(env.obsRms.getState()).to.deep.equal(saved);
      const fresh = new NormalizeObservation(new EchoActionEnv(-10, 10));
      fresh.obsRms.setState(saved);
      fresh.updateRunningMean = false;
      fresh.reset();
      expect(Array.from(fresh.step(Float32Array.of(9, 9)).observation)).to.deep.equal(a);
      expect(() => fresh.obsRms.setState({ mean: [0], var: [1], count: 1 })).to.throw(InvalidArgumentError, /must have 2 of each/);
    });

    it('needs a Box observation space', () => {
      expect(() => new NormalizeObservation(new LineEnv() as unknown as Env<Float32Array, number>)).to.throw(InvalidArgumentError, /needs a Box observation space, got Discrete\(5\)/);
    });
  });

  describe('NormalizeReward', () => {
    it("divides rewards by the running std of Gymnasium's discounted return, cut only by termination", () => {
      const gamma = 0.5;
      const env = new NormalizeReward(new TimeLimit(new CountdownEnv({ k: 3 }), 2), { gamma });
      const actions = [1, 0, 0, 1, 1];
      const expected: number[] = [];
      let g = 0;
      let mean = 0;
      let variance = 1;
      let count = 1e-4;
      const got: number[] = [];
      env.reset();
      for (const [t, a] of actions.entries()) {
        // Episode 1 is truncated at step 2 (G carries over), episode 2 terminates at step 3 of the countdown.
        if (t === 2) env.reset();
        const r = env.step(a);
        got.push(r.reward);
        g = g * gamma * (r.terminated ? 0 : 1) + (a + 1);
        const delta = g - mean;
        mean += delta / (count + 1);
        variance = (variance * count + (delta * delta * count) / (count + 1)) / (count + 1);
        count += 1;
        expected.push((a + 1) / Math.sqrt(variance + 1e-8));
      }
      got.forEach((v, i) => expect(v).to.be.closeTo(expected[i] as number, 1e-12));
      expect(env.discountedReward).to.be.closeTo(g, 1e-12);
      env.updateRunningMean = false;
      const frozen = env.returnRms.getState();
      env.reset();
      env.step(1);
      expect(env.returnRms.getState()).to.deep.equal(frozen);
    });
  });

  describe('ClipAction', () => {
    it('clips each entry into the inner bounds and exposes an unbounded action space', () => {
      const inner = new EchoActionEnv([-1, 0], [1, 2]);
      const env = new ClipAction(inner);
      env.reset();
      env.step([5, -3]);
      env.step(Float32Array.of(0.5, 1.5));
      expect(inner.received).to.deep.equal([
        [1, 0],
        [0.5, 1.5],
      ]);
      expect(env.actionSpace.toString()).to.equal('Box(-inf, inf, (2,), float32)');
      expect(() => env.step([1, 2, 3])).to.throw(InvalidArgumentError, /has 3 entries, must have 2/);
      expect(() => env.step([NaN, 0])).to.throw(InvalidArgumentError, /NaN/);
    });
  });

  describe('RescaleAction', () => {
    it('maps [min, max] affinely onto the inner bounds and rejects actions outside', () => {
      const inner = new EchoActionEnv(-2, 2);
      const env = new RescaleAction(inner, -1, 1);
      env.reset();
      env.step([-1, 0.5]);
      env.step([1, 0]);
      expect(inner.received).to.deep.equal([
        [-2, 1],
        [2, 0],
      ]);
      expect(env.actionSpace.toString()).to.equal('Box(-1.0, 1.0, (2,), float32)');
      expect(() => env.step([1.5, 0])).to.throw(InvalidArgumentError, /action \[1\.5, 0\] is not in Box\(-1\.0, 1\.0/);
      expect(() => new RescaleAction(inner, 1, 1)).to.throw(InvalidArgumentError, /minAction < maxAction/);
      expect(() => new RescaleAction(new EchoActionEnv(-Infinity, 2), -1, 1)).to.throw(InvalidArgumentError, /must be bounded/);
    });
  });

  describe('TransformObservation and TransformReward', () => {
    it('apply their functions and keep or replace the observation space', () => {
      const space = new Box(0, 2000, [2]);
      const env = new TransformReward(
        new TransformObservation(new CountdownEnv({ k: 2 }), (o: Float32Array) => o.map((v) => 2 * v), space),
        (r) => 10 * r,
      );
      expect(env.observationSpace).to.equal(space);
      expect(env.reset().observation[0]).to.equal(4);
      const r = env.step(1);
      expect([r.observation[0], r.reward]).to.deep.equal([2, 20]);
      const kept = new TransformObservation(new LineEnv(), (o: number) => o + 1);
      expect(kept.observationSpace).to.be.instanceOf(Discrete);
      expect(kept.reset().observation).to.equal(3);
    });
  });

  it("make('CartPole-v1') hands back the env's own result object on ordinary steps (no per-step allocation)", () => {
    const env = make<Float32Array, number>('CartPole-v1');
    env.reset({ seed: 3 });
    const first = env.step(0);
    const second = env.step(1);
    expect(second).to.equal(first);
    expect(second.observation).to.equal(first.observation);
  });
});
