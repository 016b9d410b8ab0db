import { checkInteger } from '../../core/checks.js';
import type { Rng } from '../../core/rng.js';
import { type PreferenceMatrix, preferenceMatrix } from './preference-matrix.js';

/** Cyclic rock-paper-scissors: each response beats the next one surely (P = 1) and loses to the one before. */
export function cyclicRps(): PreferenceMatrix {
  return preferenceMatrix([
    [0.5, 0, 1],
    [1, 0.5, 0],
    [0, 1, 0.5],
  ]);
}

/** The skew-symmetric payoffs of biased rock-paper-scissors, in hundredths. */
const BIASED_RPS = [
  [0, -25, 50],
  [25, 0, -5],
  [-50, 5, 0],
];

/** Biased rock-paper-scissors: P = ½ + A/100, A = [[0,−25,50],[25,0,−5],[−50,5,0]]; its minimax winner is not uniform. */
export function biasedRps(): PreferenceMatrix {
  return preferenceMatrix(BIASED_RPS.map((row) => row.map((a) => 0.5 + a / 100)));
}

/** True when some response beats every other one (out-degree n − 1): a Condorcet winner. */
function hasCondorcetWinner(beats: boolean[][]): boolean {
  return beats.some((row, i) => row.every((b, j) => b || i === j));
}

/**
 * A random tournament on `n` ≥ 3 responses: for each pair a fair coin picks who beats whom (P ∈ {0, 1}), redrawn until
 * no response beats all others, so the preference is intransitive and has no pure winner.
 */
export function randomTournament(n: number, rng: Rng): PreferenceMatrix {
  checkInteger('randomTournament: n', n, 3);
  for (;;) {
    const beats = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        if (rng.random() < 0.5) beats[i]![j] = true;
        else beats[j]![i] = true;
      }
    }
    if (!hasCondorcetWinner(beats)) return preferenceMatrix(beats.map((row, i) => row.map((b, j) => (i === j ? 0.5 : b ? 1 : 0))));
  }
}
