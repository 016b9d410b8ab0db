import { expect } from 'chai';
import { stochasticCliffWalking } from '../../src/envs/tabular/cliff-walking.js';
import { exploringStarts, reachableStates } from '../../src/envs/tabular/exploring-starts.js';

describe('envs/tabular/exploring-starts', () => {
  const mdp = stochasticCliffWalking({ map: ['....', '.##.', 'SCCG'], slip: 0.1 });

  it('finds the reachable states: not the walls, nor the cliff cell that only walls, a cliff and the goal border', () => {
    expect(Array.from(reachableStates(mdp))).to.deep.equal([1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 1]);
  });

  it('starts uniformly over the reachable non-terminal states, with the same kernel and rewards', () => {
    const es = exploringStarts(mdp);
    const p = 1 / 8;
    expect(Array.from(es.mu0)).to.deep.equal([p, p, p, p, p, 0, 0, p, p, p, 0, 0]);
    expect(Array.from(es.P)).to.deep.equal(Array.from(mdp.P));
    expect(es.reward(8, 1, 9)).to.equal(mdp.reward(8, 1, 9));
    expect(es.gamma).to.equal(mdp.gamma);
  });
});
