import { checkInteger } from '../../core/checks.js';
import { InvalidArgumentError, describeValue } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import { linkProbability } from './links.js';
import { type PreferenceMatrix, preferenceMatrix } from './preference-matrix.js';

/** One observed comparison: response `winner` was preferred to response `loser`. */
export interface Comparison {
  readonly winner: number;
  readonly loser: number;
}

/** Options of `fitBradleyTerry`. */
export interface BradleyTerryFitOptions {
  /** Stop when no score moves by more than this between two sweeps (default 1e-10). */
  readonly tolerance?: number;
  /** At most this many sweeps (default 10,000). */
  readonly maxIterations?: number;
}

/** A fitted Bradley–Terry model: P(i ≻ j) = σ(s_i − s_j), scores centred to mean 0. */
export interface BradleyTerryFit {
  readonly scores: Float64Array;
  readonly iterations: number;
}

/** Throws unless every response can reach every other through "beat" edges: only then is the MLE finite. */
function checkStronglyConnected(n: number, wins: Float64Array): void {
  const reach = (forward: boolean): boolean[] => {
    const seen = new Array<boolean>(n).fill(false);
    const stack = [0];
    seen[0] = true;
    while (stack.length > 0) {
      const i = stack.pop()!;
      for (let j = 0; j < n; j++) {
        const w = forward ? wins[i * n + j]! : wins[j * n + i]!;
        if (w > 0 && !seen[j]) {
          seen[j] = true;
          stack.push(j);
        }
      }
    }
    return seen;
  };
  const out = reach(true);
  const back = reach(false);
  for (let i = 0; i < n; i++) {
    if (!out[i] || !back[i]) {
      throw new InvalidArgumentError(
        `fitBradleyTerry: response ${i} is not linked to response 0 both ways by wins (e.g. it never wins or never loses), so its maximum-likelihood score is infinite; add comparisons`,
      );
    }
  }
}

/**
 * Maximum-likelihood Bradley–Terry scores from comparisons among `n` responses, by the minorise–maximise iteration
 * γ_i ← W_i / Σ_j N_ij / (γ_i + γ_j) (Hunter 2004, "MM algorithms for generalized Bradley–Terry models"), W_i the wins of i and N_ij the comparisons of i with j.
 */
export function fitBradleyTerry(n: number, comparisons: readonly Comparison[], opts: BradleyTerryFitOptions = {}): BradleyTerryFit {
  checkInteger('fitBradleyTerry: n', n, 2);
  const tolerance = opts.tolerance ?? 1e-10;
  const maxIterations = opts.maxIterations ?? 10_000;
  const wins = new Float64Array(n * n);
  comparisons.forEach(({ winner, loser }, k) => {
    if (!Number.isInteger(winner) || winner < 0 || winner >= n || !Number.isInteger(loser) || loser < 0 || loser >= n || winner === loser) {
      throw new InvalidArgumentError(`fitBradleyTerry: comparison ${k} must name two different responses in [0, ${n - 1}], got ${describeValue({ winner, loser })}`);
    }
    wins[winner * n + loser]! += 1;
  });
  checkStronglyConnected(n, wins);
  const totalWins = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) totalWins[i]! += wins[i * n + j]!;
  let gamma = new Float64Array(n).fill(1);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let denom = 0;
      for (let j = 0; j < n; j++) if (j !== i) denom += (wins[i * n + j]! + wins[j * n + i]!) / (gamma[i]! + gamma[j]!);
      next[i] = totalWins[i]! / denom;
    }
    const logMean = next.reduce((s, g) => s + Math.log(g), 0) / n;
    for (let i = 0; i < n; i++) next[i] = next[i]! / Math.exp(logMean);
    let moved = 0;
    for (let i = 0; i < n; i++) moved = Math.max(moved, Math.abs(Math.log(next[i]!) - Math.log(gamma[i]!)));
    gamma = next;
    if (moved < tolerance) {
      iterations++;
      break;
    }
  }
  return { scores: gamma.map(Math.log), iterations };
}

/** The preference matrix σ(s_i − s_j) of Bradley–Terry scores: always transitive. */
export function bradleyTerryMatrix(scores: ArrayLike<number>): PreferenceMatrix {
  const n = scores.length;
  return preferenceMatrix(
    Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => linkProbability('bradley-terry', (scores[i] as number) - (scores[j] as number), 1)),
    ),
  );
}

/** `count` comparisons of uniformly drawn pairs of distinct responses, each won as the preference says. */
export function sampleComparisons(P: PreferenceMatrix, count: number, rng: Rng): Comparison[] {
  checkInteger('sampleComparisons: count', count, 0);
  const n = P.size;
  const out: Comparison[] = [];
  for (let k = 0; k < count; k++) {
    const a = rng.integer(0, n);
    let b = rng.integer(0, n - 1);
    if (b >= a) b++;
    out.push(rng.random() < P.probs[a * n + b]! ? { winner: a, loser: b } : { winner: b, loser: a });
  }
  return out;
}
