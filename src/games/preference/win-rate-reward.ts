import { InvalidArgumentError, describeValue } from '../../core/errors.js';
import type { PairwisePreference } from './pairwise-preference.js';

/**
 * SPO's reward of each of B ≥ 2 trajectories sampled from the current policy: its win rate against the others,
 * r_i = (1/(B−1))·Σ_{j≠i} P(ξ_i ≻ ξ_j) (Swamy et al. 2024, Algorithm 1). A pair whose two orders do not sum to 1 is
 * an error naming it.
 */
export function winRateRewards<T>(trajectories: readonly T[], pref: PairwisePreference<T>): Float64Array {
  const B = trajectories.length;
  if (B < 2) throw new InvalidArgumentError(`winRateRewards: needs B >= 2 trajectories to compare, got ${B}`);
  const wins = new Float64Array(B);
  for (let i = 0; i < B; i++) {
    for (let j = i + 1; j < B; j++) {
      const p = pref(trajectories[i]!, trajectories[j]!);
      const q = pref(trajectories[j]!, trajectories[i]!);
      if (!(p >= 0 && p <= 1) || Math.abs(p + q - 1) > 1e-9) {
        throw new InvalidArgumentError(`winRateRewards: P(ξ${i} ≻ ξ${j}) = ${describeValue(p)} and P(ξ${j} ≻ ξ${i}) = ${describeValue(q)} must lie in [0, 1] and sum to 1`);
      }
      wins[i]! += p;
      wins[j]! += q;
    }
  }
  return wins.map((w) => w / (B - 1));
}

/** Where a trajectory's reward goes: all at its last step ('final'), or split evenly over its steps ('spread'). */
export type RewardPlacement = 'final' | 'spread';

/** Per-step rewards of a trajectory of `length` steps whose total is `total`, placed as `placement` says. */
export function placeReward(total: number, length: number, placement: RewardPlacement): Float64Array {
  if (!Number.isInteger(length) || length < 1) throw new InvalidArgumentError(`placeReward: length must be an integer >= 1, got ${describeValue(length)}`);
  if (placement === 'spread') return new Float64Array(length).fill(total / length);
  if (placement !== 'final') throw new InvalidArgumentError(`placeReward: unknown placement ${describeValue(placement)}; allowed: final, spread`);
  const out = new Float64Array(length);
  out[length - 1] = total;
  return out;
}
