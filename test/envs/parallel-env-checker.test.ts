import { expect } from 'chai';
import type { ParallelEnv } from '../../src/core/parallel-env.js';
import { Discrete } from '../../src/core/spaces/discrete.js';
import { assertParallelEnv, checkParallelEnv } from '../../src/envs/parallel-env-checker.js';
import { randomMarkovGame } from '../../src/games/markov/random-markov-game.js';
import { TabularMarkovGame } from '../../src/games/markov/markov-game.js';

/** A two-agent env that keeps the contract unless told which rule to break. */
function toyEnv(breakRule?: 'reward' | 'keys' | 'agents' | 'after-done'): ParallelEnv<number, number> {
  let live: string[] = [];
  let t = 0;
  const all = ['a', 'b'];
  const rec = <T>(v: T, keys: readonly string[]): Record<string, T> => Object.fromEntries(keys.map((k) => [k, v]));
  return {
    possibleAgents: all,
    get agents() {
      return live;
    },
    observationSpace: () => new Discrete(3),
    actionSpace: () => new Discrete(2),
    metadata: {},
    reset() {
      live = [...all];
      t = 0;
      return { observations: rec(0, live), infos: rec({}, live) };
    },
    step() {
      if (live.length === 0 && breakRule !== 'after-done') throw new Error('done');
      const acted = live.length === 0 ? all : live;
      t++;
      const done = t >= 3;
      if (done && breakRule !== 'agents') live = [];
      return {
        observations: rec(t % 3, breakRule === 'keys' ? ['a'] : acted),
        rewards: rec(breakRule === 'reward' ? NaN : 1, acted),
        terminations: rec(done, acted),
        truncations: rec(false, acted),
        infos: rec({}, acted),
      };
    },
    close() {},
  };
}

describe('envs/parallel-env-checker: checkParallelEnv', () => {
  it('passes the tabular Markov game and a contract-keeping toy env', () => {
    const g = randomMarkovGame({ S: 3, numActions: [2, 3], gamma: 0.9, seed: 1 });
    const withHorizon = new TabularMarkovGame({ S: g.S, numActions: g.numActions, P: g.P, R: g.R, gamma: g.gamma, horizon: 5 });
    expect(checkParallelEnv(withHorizon)).to.deep.equal({ ok: true, problems: [] });
    expect(checkParallelEnv(toyEnv())).to.deep.equal({ ok: true, problems: [] });
  });

  it('names each broken rule', () => {
    expect(checkParallelEnv(toyEnv('reward')).problems.join('\n')).to.match(/reward NaN for a, must be a finite number/);
    expect(checkParallelEnv(toyEnv('keys')).problems.join('\n')).to.match(/observations keyed by \[a\], must be keyed by the live agents \[a, b\]/);
    expect(checkParallelEnv(toyEnv('agents')).problems.join('\n')).to.match(/agents is \[a, b\], must be the agents not done: \[\]/);
    expect(checkParallelEnv(toyEnv('after-done')).problems.join('\n')).to.match(/step after every agent was done did not throw/);
    expect(() => assertParallelEnv(toyEnv('reward'))).to.throw(/does not keep the Parallel API contract/);
  });
});
