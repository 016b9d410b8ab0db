import { expect } from 'chai';
import type { Agent, Transition } from '../../src/core/agent.js';
import { finalReturn, trainReturnCurve } from '../../src/runner/return-curve.js';
import { CountdownEnv } from '../support/toy-envs.js';

/** Plays action 1 (reward 2 a step) in every third episode and 0 (reward 1) otherwise: returns 6, 3, 3, 6, 3, 3, ... */
class EveryThirdAgent implements Agent<Float32Array, number> {
  private episode = 0;
  act(): number {
    return this.episode % 3 === 0 ? 1 : 0;
  }
  observe(t: Transition<Float32Array, number>): void {
    if (t.terminated || t.truncated) this.episode++;
  }
  async save(): Promise<void> {}
  async load(): Promise<void> {}
}

describe('runner/return-curve: trainReturnCurve', () => {
  it('records the window means and, with rollingEpisodes, the mean of the last k episodes (NaN before the k-th)', async () => {
    // Countdown k = 3: an episode every 3 steps, so each 6-step window holds two episodes.
    const c = await trainReturnCurve(new CountdownEnv({ k: 3 }), new EveryThirdAgent(), { totalSteps: 18, every: 6, seed: 0, rollingEpisodes: 4 });
    expect(c.steps).to.deep.equal([6, 12, 18]);
    expect(c.returns).to.deep.equal([4.5, 4.5, 3]);
    // Episodes 6, 3 | 3, 6 | 3, 3: the last four at step 12 are 6, 3, 3, 6 and at step 18 are 3, 6, 3, 3.
    expect(c.rolling).to.have.length(3);
    expect(c.rolling![0]).to.be.NaN;
    expect(c.rolling!.slice(1)).to.deep.equal([4.5, 3.75]);
    expect(finalReturn(c.returns, 2)).to.equal(3.75);
  });

  it('has no rolling curve unless asked, and refuses a rollingEpisodes that is not a positive integer', async () => {
    const c = await trainReturnCurve(new CountdownEnv({ k: 3 }), new EveryThirdAgent(), { totalSteps: 6, every: 6, seed: 0 });
    expect(c.rolling).to.equal(undefined);
    let err: unknown;
    try {
      await trainReturnCurve(new CountdownEnv({ k: 3 }), new EveryThirdAgent(), { totalSteps: 6, every: 6, seed: 0, rollingEpisodes: 0 });
    } catch (e) {
      err = e;
    }
    expect(String(err)).to.match(/rollingEpisodes must be an integer ≥ 1, got 0/);
  });
});
