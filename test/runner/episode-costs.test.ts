import { expect } from 'chai';
import { lastValueFrom, toArray } from 'rxjs';
import type { Agent } from '../../src/core/agent.js';
import { WithCosts, type ConstraintSpec } from '../../src/envs/constrained/index.js';
import { interact } from '../../src/runner/interact.js';
import { episodes } from '../../src/runner/operators/episodes.js';
import { CountdownEnv } from '../support/toy-envs.js';

const zeroAgent: Agent<Float32Array, number> = { act: () => 0, observe: () => undefined, save: async () => {}, load: async () => {} };
const constraints: readonly ConstraintSpec[] = [
  { name: 'disc', budget: 1, kind: 'discounted', gamma: 0.5 },
  { name: 'avg', budget: 1, kind: 'average' },
];

describe('runner: costs travel through the episode stream', () => {
  it("episode records carry each constraint's episode value from info.costs", async () => {
    // Countdown(k = 3) ends after 3 steps; costs (1, 2) on every step: discounted 1 + 0.5 + 0.25, mean 2.
    const env = new WithCosts(new CountdownEnv({ k: 3 }), constraints, (_a, _r, out) => out.set([1, 2]));
    const eps = await lastValueFrom(interact(env, zeroAgent, { seed: 0, steps: 6, learn: false }).pipe(episodes(), toArray()));
    expect(eps.map((e) => e.costs)).to.deep.equal([
      [1.75, 2],
      [1.75, 2],
    ]);
  });

  it('an unconstrained env gives episode records without costs', async () => {
    const eps = await lastValueFrom(interact(new CountdownEnv({ k: 2 }), zeroAgent, { seed: 0, steps: 2, learn: false }).pipe(episodes(), toArray()));
    expect(eps).to.have.length(1);
    expect(eps[0]).to.not.have.property('costs');
  });

  it('a missing cost stops the run with an error naming the env and the step', async () => {
    let k = 0;
    const env = new WithCosts(new CountdownEnv({ k: 10 }), constraints, (_a, _r, out) => out.set([k++ === 2 ? NaN : 0, 0]));
    let message = '';
    await lastValueFrom(interact(env, zeroAgent, { seed: 0, steps: 5, learn: false })).catch((e: Error) => (message = e.message));
    expect(message).to.match(/CountdownEnv: step 3: info\.costs\[0\] is NaN, must be finite/);
  });
});
