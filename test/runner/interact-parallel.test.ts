import { expect } from 'chai';
import { lastValueFrom, toArray } from 'rxjs';
import { TabularQAgent } from '../../src/agents/tabular-q.js';
import { repeatedGame } from '../../src/games/markov/repeated-game.js';
import { prisonersDilemma, stagHunt } from '../../src/games/normal-form/builtins.js';
import { nashConv } from '../../src/games/normal-form/payoffs.js';
import { interactParallel } from '../../src/runner/interact-parallel.js';

const learners = (seed: number) => ({
  player_0: new TabularQAgent({ S: 1, A: 2, gamma: 0, epsilon: 0.2, seed }),
  player_1: new TabularQAgent({ S: 1, A: 2, gamma: 0, epsilon: 0.2, seed: seed + 100 }),
});
const greedy = (q: TabularQAgent): Float64Array => (q.Q[0]! >= q.Q[1]! ? Float64Array.of(1, 0) : Float64Array.of(0, 1));

describe('runner/interact-parallel: independent learners in a Parallel-API game', () => {
  it('emits joint transitions keyed by agent, with episode ends at the horizon', async () => {
    const env = repeatedGame(prisonersDilemma(), 0, 4);
    const events = await lastValueFrom(interactParallel(env, learners(0), { steps: 8 }).pipe(toArray()));
    expect(events).to.have.length(8);
    expect(Object.keys(events[0]!.transition.actions)).to.deep.equal(['player_0', 'player_1']);
    expect(events.map((e) => e.episodeEnd !== undefined)).to.deep.equal([false, false, false, true, false, false, false, true]);
    expect(events[7]!.episodes).to.equal(2);
  });

  it("independent Q-learning in the prisoner's dilemma settles on (defect, defect), NashConv 0, the same for the same seed", async () => {
    const run = async (seed: number) => {
      const agents = learners(seed);
      await lastValueFrom(interactParallel(repeatedGame(prisonersDilemma(), 0, 10), agents, { steps: 2000, seed }).pipe(toArray()));
      return agents;
    };
    for (const seed of [0, 1, 2]) {
      const agents = await run(seed);
      const profile = [greedy(agents.player_0), greedy(agents.player_1)];
      expect(Array.from(profile[0]!)).to.deep.equal([0, 1]);
      expect(nashConv(prisonersDilemma(), profile)).to.equal(0);
    }
    expect(Array.from((await run(5)).player_0.Q)).to.deep.equal(Array.from((await run(5)).player_0.Q));
  });

  it('in the stag hunt independent Q-learners reach a pure equilibrium (NashConv 0) over fixed seeds', async () => {
    for (const seed of [0, 1, 2, 3]) {
      const agents = learners(seed);
      await lastValueFrom(interactParallel(repeatedGame(stagHunt(), 0, 10), agents, { steps: 3000, seed }).pipe(toArray()));
      expect(nashConv(stagHunt(), [greedy(agents.player_0), greedy(agents.player_1)])).to.equal(0);
    }
  });

  it('refuses a missing learner', () => {
    expect(() => interactParallel(repeatedGame(stagHunt(), 0, 3), { player_0: learners(0).player_0 })).to.throw(/no learner for agent\(s\) player_1/);
  });
});
