import { InvalidArgumentError, describeValue } from '../core/errors.js';

/** Checks that a discount or trace factor lies in [0, 1]. */
export function checkUnit(name: string, value: number): void {
  if (!(value >= 0 && value <= 1)) {
    throw new InvalidArgumentError(`${name} must be in [0, 1], got ${describeValue(value)}`);
  }
}

/**
 * Discounted return-to-go G_t = r_t + γ·G_{t+1} over a flat rollout; `ends[t] = 1` closes an episode after step t
 * (G restarts there). Past the last row, G continues from `bootstrap` (0 for complete episodes).
 */
export function discountedReturns(
  rewards: ArrayLike<number>,
  ends: ArrayLike<number>,
  gamma: number,
  bootstrap = 0,
): Float64Array {
  checkUnit('gamma', gamma);
  const out = new Float64Array(rewards.length);
  let g = bootstrap;
  for (let t = rewards.length - 1; t >= 0; t--) {
    if (ends[t]) g = 0;
    g = (rewards[t] as number) + gamma * g;
    out[t] = g;
  }
  return out;
}

/** The discounted return Σ_t γ^t r_t of each complete episode of a flat rollout, in order. */
export function episodeReturns(rewards: ArrayLike<number>, ends: ArrayLike<number>, gamma = 1): number[] {
  const out: number[] = [];
  let g = 0;
  let discount = 1;
  for (let t = 0; t < rewards.length; t++) {
    g += discount * (rewards[t] as number);
    discount *= gamma;
    if (ends[t]) {
      out.push(g);
      g = 0;
      discount = 1;
    }
  }
  return out;
}

/** The step index within its episode of each row of a flat rollout (0 at each episode's first step). */
export function stepsInEpisode(ends: ArrayLike<number>): Int32Array {
  const out = new Int32Array(ends.length);
  let k = 0;
  for (let t = 0; t < ends.length; t++) {
    out[t] = k;
    k = ends[t] ? 0 : k + 1;
  }
  return out;
}

/** The index of the episode each row of a flat rollout belongs to (0 for the first episode). */
export function episodeIndex(ends: ArrayLike<number>): Int32Array {
  const out = new Int32Array(ends.length);
  for (let t = 0, e = 0; t < ends.length; t++) {
    out[t] = e;
    if (ends[t]) e++;
  }
  return out;
}
