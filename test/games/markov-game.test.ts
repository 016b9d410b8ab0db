import { expect } from 'chai';
import { InvalidArgumentError, NotFoundError, StateError } from '../../src/core/errors.js';
import { loadLpSolver } from '../../src/core/lp.js';
import { HedgeLearner } from '../../src/games/dynamics/hedge-learner.js';
import { mwuStep } from '../../src/games/dynamics/mwu.js';
import { evaluateJointPolicy, jointPolicyReturns, markovBestResponse, markovCorrelatedEquilibriumGap, markovNashConv } from '../../src/games/markov/evaluation.js';
import { productPolicy } from '../../src/games/markov/joint-policy.js';
import { TabularMarkovGame } from '../../src/games/markov/markov-game.js';
import { PerStateLearners } from '../../src/games/markov/per-state-learners.js';
import { randomMarkovGame } from '../../src/games/markov/random-markov-game.js';
import { repeatedGame } from '../../src/games/markov/repeated-game.js';
import { shapleyValueIteration } from '../../src/games/markov/shapley.js';
import { rockPaperScissors } from '../../src/games/normal-form/builtins.js';
import { nashConv } from '../../src/games/normal-form/payoffs.js';

/**
 * A 2-state zero-sum game, γ = ½. State 1 is absorbing and pays the row player 1 whatever is played: V(1) = 2.
 * State 0 pays A = [[0, 2], [1, 0]]; (0, 0) stays in state 0, every other joint action moves to state 1.
 */
function twoStateGame(): TabularMarkovGame {
  const P = new Float64Array(2 * 4 * 2);
  for (let j = 0; j < 4; j++) {
    P[(0 * 4 + j) * 2 + (j === 0 ? 0 : 1)] = 1;
    P[(1 * 4 + j) * 2 + 1] = 1;
  }
  const R0 = [0, 2, 1, 0, 1, 1, 1, 1];
  return new TabularMarkovGame({ S: 2, numActions: [2, 2], P, R: [R0, R0.map((r) => -r)], gamma: 0.5, name: 'TwoState', horizon: 3 });
}

/** Rock-paper-scissors repeated in one state. */
const repeatedRps = (gamma: number): TabularMarkovGame => repeatedGame(rockPaperScissors(), gamma);

describe('games/markov: Shapley value iteration, evaluation and NashConv', () => {
  before(async () => loadLpSolver());

  it('Shapley VI matches the hand-solved 2-state game', () => {
    // With a = V(0)/2 the stage game at 0 is [[a, 3], [2, 1]] (no saddle), val = (a − 6)/(a − 4); the fixed point
    // v = (v/2 − 6)/(v/2 − 4) solves v² − 9v + 12 = 0, v = (9 − √33)/2. Indifference: x_0 = 1/(4 − a), y_0 = 2/(4 − a).
    const v = (9 - Math.sqrt(33)) / 2;
    const a = v / 2;
    const sol = shapleyValueIteration(twoStateGame(), { tolerance: 1e-12 });
    expect(sol.V[0]).to.be.closeTo(v, 1e-9);
    expect(sol.V[1]).to.be.closeTo(2, 1e-9);
    expect(sol.policies[0][0]).to.be.closeTo(1 / (4 - a), 1e-6);
    expect(sol.policies[1][0]).to.be.closeTo(2 / (4 - a), 1e-6);
    // The stationary equilibrium has NashConv 0, and its value is the row player's return.
    const sigma = productPolicy(twoStateGame(), sol.policies);
    expect(markovNashConv(twoStateGame(), sigma)).to.be.closeTo(0, 1e-6);
    expect(evaluateJointPolicy(twoStateGame(), sigma)[0]![0]).to.be.closeTo(v, 1e-6);
  });

  it('a one-state game: values are stage payoffs / (1 − γ), NashConv the normal-form NashConv / (1 − γ)', () => {
    const g = repeatedRps(0.75);
    const x = Float64Array.of(1, 0, 0);
    const y = Float64Array.of(0.2, 0.3, 0.5);
    const sigma = productPolicy(g, [x, y]);
    // Rock vs (0.2, 0.3, 0.5): −0.3 + 0.5 = 0.2 per step.
    expect(jointPolicyReturns(g, sigma)[0]).to.be.closeTo(0.2 / 0.25, 1e-12);
    expect(markovNashConv(g, sigma)).to.be.closeTo(nashConv(rockPaperScissors(), [x, y]) / 0.25, 1e-9);
    expect(markovBestResponse(g, sigma, 1).policy[0]).to.equal(1); // paper beats rock
    // A correlated policy on the RPS diagonal: the swap gap is 2/(1 − γ) while the coarse gap is 0.
    const diagonal = Float64Array.from({ length: 9 }, (_, j) => (j % 4 === 0 ? 1 / 3 : 0));
    expect(markovNashConv(g, diagonal)).to.be.closeTo(0, 1e-9);
    expect(markovCorrelatedEquilibriumGap(g, diagonal)).to.be.closeTo(2 / 0.25, 1e-8);
  });

  it('random games: seeded, NashConv positive for uniform play in a general-sum game, the CE gap at least the CCE gap', () => {
    const o = { S: 3, numActions: [2, 3], gamma: 0.9, seed: 7 };
    const g = randomMarkovGame(o);
    expect(Array.from(randomMarkovGame(o).P)).to.deep.equal(Array.from(g.P));
    expect(Array.from(randomMarkovGame({ ...o, seed: 8 }).P)).to.not.deep.equal(Array.from(g.P));
    const sigma = productPolicy(g, [new Float64Array(6).fill(1 / 2), new Float64Array(9).fill(1 / 3)]);
    const cce = markovNashConv(g, sigma);
    expect(cce).to.be.above(0);
    expect(markovCorrelatedEquilibriumGap(g, sigma)).to.be.at.least(cce - 1e-9);
    const zs = randomMarkovGame({ ...o, gamma: 0.5, zeroSum: true });
    expect(markovNashConv(zs, productPolicy(zs, shapleyValueIteration(zs, { tolerance: 1e-9 }).policies))).to.be.closeTo(0, 1e-6);
  });
});

describe('games/markov: the PettingZoo Parallel API and its errors', () => {
  it('reset and step return records keyed by agent; the horizon truncates every agent', () => {
    const g = twoStateGame();
    expect(g.agents).to.deep.equal([]);
    expect(g.possibleAgents).to.deep.equal(['player_0', 'player_1']);
    expect(g.actionSpace('player_1').n).to.equal(2);
    expect(g.observationSpace('player_0').n).to.equal(2);
    const { observations } = g.reset({ seed: 3 });
    expect(Object.keys(observations)).to.deep.equal(['player_0', 'player_1']);
    let out = g.step({ player_0: 1, player_1: 0 });
    // From either state, (1, 0) leads to state 1; the row player is paid 1 (A[1][0] at state 0, 1 at state 1).
    expect(out.observations).to.deep.equal({ player_0: 1, player_1: 1 });
    expect(out.rewards).to.deep.equal({ player_0: 1, player_1: -1 });
    out = g.step({ player_0: 0, player_1: 0 });
    expect(out.truncations.player_0).to.equal(false);
    out = g.step({ player_0: 0, player_1: 1 });
    expect(out.truncations).to.deep.equal({ player_0: true, player_1: true });
    expect(out.terminations).to.deep.equal({ player_0: false, player_1: false });
    expect(g.agents).to.deep.equal([]);
  });

  it('bad input: a missing action, an action outside its space, an unknown agent, a step after all agents are done', () => {
    const g = twoStateGame();
    expect(() => g.step({ player_0: 0, player_1: 0 })).to.throw(StateError, /all agents are done \(or reset was never called\)/);
    g.reset({ seed: 0 });
    expect(() => g.step({ player_0: 0 })).to.throw(InvalidArgumentError, /missing action for agent player_1/);
    expect(() => g.step({ player_0: 2, player_1: 0 })).to.throw(InvalidArgumentError, /action 2 of agent player_0 is outside its space Discrete\(2\)/);
    expect(() => g.step({ player_0: 0.5, player_1: 0 })).to.throw(InvalidArgumentError, /action 0.5 of agent player_0/);
    expect(() => g.step({ player_0: 0, player_1: 0, player_2: 1 })).to.throw(InvalidArgumentError, /"player_2", which is not a live agent/);
    expect(() => g.actionSpace('nobody')).to.throw(NotFoundError, /no agent "nobody"/);
    for (let t = 0; t < 3; t++) g.step({ player_0: 1, player_1: 1 });
    expect(() => g.step({ player_0: 0, player_1: 0 })).to.throw(StateError, /all agents are done/);
  });

  it('construction errors name the entry', () => {
    expect(() => new TabularMarkovGame({ S: 1, numActions: [2], P: [1, 1], R: [[0, 0]], gamma: 0.5 })).to.throw(/at least 2 players/);
    expect(() => new TabularMarkovGame({ S: 1, numActions: [1, 2], P: [1, 0.5], R: [[0, 0], [0, 0]], gamma: 0.5 })).to.throw(/P\[s=0, joint=1, ·\] sums to 0.5/);
    expect(() => new TabularMarkovGame({ S: 1, numActions: [1, 1], P: [1], R: [[0], [0]], gamma: 1 })).to.throw(/gamma must be in \[0, 1\)/);
    expect(() => shapleyValueIteration(randomMarkovGame({ S: 2, numActions: [2, 2], gamma: 0.5, seed: 0 }))).to.throw(/not a two-player zero-sum Markov game/);
  });

  it('a snapshot taken mid-episode and restored into a fresh game replays the same steps; a bad one is refused', () => {
    const make = () => randomMarkovGame({ S: 5, numActions: [2, 3], gamma: 0.9, seed: 7, horizon: 6 });
    const play = (g: TabularMarkovGame, n: number) => Array.from({ length: n }, (_, t) => g.step({ player_0: t % 2, player_1: t % 3 })).map((r) => [r.observations['player_0'], r.rewards['player_1'], r.truncations['player_0']]);
    const a = make();
    a.reset({ seed: 3 });
    play(a, 2);
    const snap = JSON.parse(JSON.stringify(a.snapshot())) as ReturnType<TabularMarkovGame['snapshot']>;
    const b = make();
    b.restore(snap);
    expect(b.agents).to.deep.equal(['player_0', 'player_1']);
    expect(play(b, 4)).to.deep.equal(play(a, 4));
    expect(b.agents, 'the horizon ends the restored episode too').to.deep.equal([]);
    expect(() => b.restore({ ...snap, state: 9 })).to.throw(StateError, /state 9 is not one of the 5 states/);
    expect(() => b.restore({ kind: 'TabularMDP' })).to.throw(StateError, /it needs one taken by TabularMarkovGame/);
  });
});

describe('games/markov: per-state learners', () => {
  it('in a one-state game with γ = 0, a round of Hedge learners is one MWU step of the stage game', () => {
    const g = repeatedRps(0);
    const x = [0.5, 0.3, 0.2];
    const y = [0.2, 0.3, 0.5];
    const run = new PerStateLearners(g, (i) => new HedgeLearner(3, 0.1, i === 0 ? x : y));
    run.step();
    const expected = mwuStep(rockPaperScissors(), [Float64Array.from(x), Float64Array.from(y)], 0.1);
    const [p0, p1] = run.policies() as [Float64Array, Float64Array];
    expected[0]!.forEach((v, a) => expect(p0[a]).to.be.closeTo(v, 1e-12));
    expected[1]!.forEach((v, a) => expect(p1[a]).to.be.closeTo(v, 1e-12));
    // The average so far is the first round's product policy.
    expect(run.averagePolicy()[0]).to.be.closeTo(x[0]! * y[0]!, 1e-15);
    expect(run.t).to.equal(1);
  });
});
