import { bimatrixGame, zeroSumGame, type NormalFormGame } from './game.js';

/** Matching pennies: zero-sum, the row player wins on a match; unique equilibrium both uniform, value 0. */
export function matchingPennies(): NormalFormGame {
  return zeroSumGame(
    [
      [1, -1],
      [-1, 1],
    ],
    'MatchingPennies',
    [
      ['heads', 'tails'],
      ['heads', 'tails'],
    ],
  );
}

const RPS = ['rock', 'paper', 'scissors'] as const;

/** Rock-paper-scissors: zero-sum, win 1, lose −1; unique equilibrium both uniform, value 0. */
export function rockPaperScissors(): NormalFormGame {
  return zeroSumGame(
    [
      [0, -1, 1],
      [1, 0, -1],
      [-1, 1, 0],
    ],
    'RockPaperScissors',
    [RPS, RPS],
  );
}

/** Biased RPS [[0,−1,2],[1,0,−1],[−2,1,0]] (rock beating scissors pays 2): unique equilibrium (1/4, 1/2, 1/4) for both, value 0. */
export function biasedRockPaperScissors(): NormalFormGame {
  return zeroSumGame(
    [
      [0, -1, 2],
      [1, 0, -1],
      [-2, 1, 0],
    ],
    'BiasedRockPaperScissors',
    [RPS, RPS],
  );
}

/**
 * Shapley's (1964) game: general-sum 3×3, A = I and B the cyclic shift; its unique Nash equilibrium is both uniform
 * (payoff 1/3 each), and fictitious play cycles around it without converging.
 */
export function shapleyGame(): NormalFormGame {
  return bimatrixGame(
    [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ],
    [
      [0, 1, 0],
      [0, 0, 1],
      [1, 0, 0],
    ],
    'ShapleyGame',
  );
}

/** Prisoner's dilemma with T = 5 > R = 3 > P = 1 > S = 0; defecting dominates, the unique equilibrium is (defect, defect). */
export function prisonersDilemma(): NormalFormGame {
  const A = [
    [3, 0],
    [5, 1],
  ];
  return bimatrixGame(A, [
    [3, 5],
    [0, 1],
  ], 'PrisonersDilemma', [
    ['cooperate', 'defect'],
    ['cooperate', 'defect'],
  ]);
}

/**
 * Stag hunt: (stag, stag) pays 4 each, hare pays 3 whatever the other does, stag alone pays 1. Equilibria: (stag,
 * stag), (hare, hare), and both playing stag with probability 2/3.
 */
export function stagHunt(): NormalFormGame {
  return bimatrixGame(
    [
      [4, 1],
      [3, 3],
    ],
    [
      [4, 3],
      [1, 3],
    ],
    'StagHunt',
    [
      ['stag', 'hare'],
      ['stag', 'hare'],
    ],
  );
}
