import type { NormalFormGame } from '../normal-form/game.js';
import { TabularMarkovGame } from './markov-game.js';

/** A normal-form game as a one-state Markov game played repeatedly with discount γ (γ = 0: the stage game itself). */
export function repeatedGame(game: NormalFormGame, gamma: number, horizon?: number): TabularMarkovGame {
  return new TabularMarkovGame({
    S: 1,
    numActions: game.numActions,
    P: new Float64Array(game.numJoint).fill(1),
    R: game.payoffs,
    gamma,
    name: `Repeated ${game.name}`,
    ...(horizon === undefined ? {} : { horizon }),
  });
}
