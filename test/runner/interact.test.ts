import { expect } from 'chai';
import { firstValueFrom, lastValueFrom, map, share, take, toArray } from 'rxjs';
import { SyncVectorEnv } from '../../src/envs/vector/sync-vector-env.js';
import type { StepEvent } from '../../src/runner/events.js';
import { interact } from '../../src/runner/interact.js';
import { checkpoint, episodes, evaluate, everySteps, stopAtRewardThreshold } from '../../src/runner/operators/index.js';
import { TinyAgent, WalkEnv } from '../support/runner-fixtures.js';

/** A WalkEnv that counts its steps. */
class CountingEnv extends WalkEnv {
  steps = 0;
  override step(action: number) {
    this.steps += 1;
    return super.step(action);
  }
}

async function collect(seed: number, agentSeed: number, steps: number): Promise<StepEvent<Float32Array, number | Float32Array>[]> {
  return lastValueFrom(interact(new WalkEnv(), new TinyAgent(agentSeed), { seed, steps }).pipe(toArray()));
}

describe('runner interact', () => {
  it('emits copied transitions that chain obs to nextObs, and stops after `steps`', async () => {
    const evs = await collect(1, 2, 300);
    expect(evs).to.have.length(300);
    expect(evs.map((e) => e.step)).to.deep.equal(Array.from({ length: 300 }, (_, i) => i + 1));
    let ends = 0;
    for (let i = 0; i + 1 < evs.length; i++) {
      const a = evs[i] as StepEvent<Float32Array, number | Float32Array>;
      const b = evs[i + 1] as StepEvent<Float32Array, number | Float32Array>;
      expect(a.nextObs).to.not.equal(b.nextObs);
      if (a.terminated || a.truncated) {
        ends += 1;
        expect(a.resumeState, 'resumable at an episode end').to.be.a('function');
        expect(b.obs[1]).to.equal(0);
      } else {
        expect(b.obs).to.equal(a.nextObs);
        expect(a.resumeState, 'WalkEnv has no snapshots: not resumable mid-episode').to.equal(undefined);
      }
    }
    expect(ends).to.be.greaterThan(5);
    // Copies: positions along an episode differ, which a reused env array would have flattened.
    expect(new Set(evs.slice(0, 10).map((e) => e.nextObs[1])).size).to.be.greaterThan(5);
  });

  it('is deterministic given the seeds, and the seeds matter', async () => {
    const rewards = async (s: number, a: number) => (await collect(s, a, 200)).map((e) => e.reward);
    expect(await rewards(3, 4)).to.deep.equal(await rewards(3, 4));
    expect(await rewards(3, 4)).to.not.deep.equal(await rewards(5, 4));
    expect(await rewards(3, 4)).to.not.deep.equal(await rewards(3, 6));
  });

  it('stops the loop on unsubscribe', async () => {
    const env = new CountingEnv();
    const first = await lastValueFrom(interact(env, new TinyAgent(0), { yieldEvery: 10 }).pipe(take(25), toArray()));
    expect(first).to.have.length(25);
    await new Promise((r) => setTimeout(r, 20));
    expect(env.steps).to.equal(25);
  });

  it('yields to the event loop while running', async () => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 0);
    try {
      await lastValueFrom(interact(new WalkEnv(), new TinyAgent(0), { steps: 5000, yieldEvery: 500 }));
    } finally {
      clearInterval(timer);
    }
    expect(ticks).to.be.greaterThan(0);
  });

  it('steps a vector env in batches, counting valid rows and the episodes of every copy', async () => {
    const venv = new SyncVectorEnv(Array.from({ length: 3 }, () => () => new WalkEnv()));
    const evs = await lastValueFrom(interact(venv, new TinyAgent(1), { seed: 9, steps: 400 }).pipe(toArray()));
    const validRows = evs.reduce((s, e) => s + e.valid.reduce((a, b) => a + b, 0), 0);
    expect(evs.at(-1)?.step).to.equal(validRows);
    expect(validRows).to.be.at.least(400);
    const recs = await lastValueFrom(interact(venv, new TinyAgent(1), { seed: 9, steps: 400 }).pipe(episodes(), toArray()));
    expect(recs.length).to.equal(evs.at(-1)?.episodes);
    expect(new Set(recs.map((r) => r.envIndex))).to.deep.equal(new Set([0, 1, 2]));
    // An autoreset row follows every episode end of a copy, and it is marked invalid.
    const i = evs.findIndex((e) => e.episodeEnds.length > 0);
    const copy = (evs[i]?.episodeEnds[0]?.envIndex) as number;
    expect(evs[i + 1]?.valid[copy]).to.equal(0);
  });
});

describe('runner operators', () => {
  it('episodes() numbers episodes and sums to the steps taken', async () => {
    const recs = await lastValueFrom(interact(new WalkEnv(), new TinyAgent(0), { steps: 500 }).pipe(episodes(), toArray()));
    expect(recs.map((r) => r.episode)).to.deep.equal(recs.map((_, i) => i + 1));
    const last = recs.at(-1);
    expect(recs.reduce((s, r) => s + r.length, 0)).to.equal(last?.step);
    expect(recs.every((r) => r.length <= 20 && (r.terminated || r.length === 20))).to.equal(true);
  });

  it('everySteps(k) picks the steps that pass multiples of k', async () => {
    const picked = await lastValueFrom(interact(new WalkEnv(), new TinyAgent(0), { steps: 100 }).pipe(everySteps(30), toArray()));
    expect(picked.map((e) => e.step)).to.deep.equal([30, 60, 90]);
    expect(() => everySteps(0)).to.throw(/every is 0/);
  });

  it('evaluate plays greedy episodes at each period on its own env, the same starts every time', async () => {
    let made = 0;
    const factory = () => {
      made += 1;
      return new WalkEnv();
    };
    const evals = await lastValueFrom(interact(new WalkEnv(), new TinyAgent(0), { steps: 400 }).pipe(evaluate(100, factory, 4), toArray()));
    expect(evals.map((e) => e.step)).to.deep.equal([100, 200, 300, 400]);
    expect(evals.every((e) => e.returns.length === 4 && e.mean <= e.max && e.min <= e.mean)).to.equal(true);
    expect(made).to.equal(1);
  });

  it('stopAtRewardThreshold ends the run right after the first evaluation reaching the threshold', async () => {
    const run = (env: WalkEnv) =>
      interact(env, new TinyAgent(0), { steps: 2000 }).pipe(
        evaluate(200, () => new WalkEnv(), 3),
        map((e) => ({ kind: 'eval', ...e })),
      );
    const all = await lastValueFrom(run(new WalkEnv()).pipe(toArray()));
    const best = Math.max(...all.map((e) => e.mean));
    const hit = all.findIndex((e) => e.mean >= best);
    const env = new CountingEnv();
    const stopped = await lastValueFrom(run(env).pipe(stopAtRewardThreshold(best), toArray()));
    expect(stopped.map((e) => e.step)).to.deep.equal(all.slice(0, hit + 1).map((e) => e.step));
    expect(env.steps).to.equal(all[hit]?.step);
  });

  it('checkpoint saves at the first episode end past each multiple and holds the loop while saving', async () => {
    const env = new CountingEnv();
    const agent = new TinyAgent(0);
    const seen: { at: number; envSteps: number }[] = [];
    const save = async (state: { step: number }) => {
      const before = env.steps;
      await new Promise((r) => setTimeout(r, 5));
      seen.push({ at: state.step, envSteps: env.steps - before });
    };
    const recs = await lastValueFrom(interact(env, agent, { steps: 300 }).pipe(checkpoint(100, save), toArray()));
    expect(recs.length).to.equal(seen.length);
    expect(recs.length).to.be.oneOf([2, 3]);
    expect(seen.every((s) => s.envSteps === 0)).to.equal(true);
    recs.forEach((r, i) => expect(r.step).to.be.within((i + 1) * 100, (i + 1) * 100 + 20));
    const first = await firstValueFrom(interact(new WalkEnv(), agent, { steps: 300 }).pipe(share()));
    expect(first.step).to.equal(1);
  });
});
