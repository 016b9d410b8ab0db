import { checkUnit } from './returns.js';

/** Inputs of `gae`: one row per step of a flat rollout (possibly several episodes, the last one unfinished). */
export interface GaeInput {
  readonly rewards: ArrayLike<number>;
  /** V(s_t). */
  readonly values: ArrayLike<number>;
  /** V(s_{t+1}): the value of the row's own next observation, so time-limit cuts bootstrap from the real state. */
  readonly nextValues: ArrayLike<number>;
  /** 1 where s_{t+1} is terminal: no bootstrapping. */
  readonly terminated: ArrayLike<number>;
  /** 1 where the episode ends after step t (terminated or truncated): the trace stops. */
  readonly ends: ArrayLike<number>;
}

/** What `gae` returns: advantages A_t and the value targets A_t + V(s_t). */
export interface GaeResult {
  readonly advantages: Float64Array;
  readonly returns: Float64Array;
}

/**
 * Generalized advantage estimation (Schulman et al. 2016, eq. 16): A_t = Σ_l (γλ)^l δ_{t+l} within the episode,
 * δ_t = r_t + γ(1 − terminated_t)V(s_{t+1}) − V(s_t). λ = 1 gives Monte-Carlo advantages, λ = 0 one-step TD.
 */
export function gae(input: GaeInput, gamma: number, lambda: number): GaeResult {
  checkUnit('gamma', gamma);
  checkUnit('lambda', lambda);
  const { rewards, values, nextValues, terminated, ends } = input;
  const n = rewards.length;
  const advantages = new Float64Array(n);
  const returns = new Float64Array(n);
  let next = 0;
  for (let t = n - 1; t >= 0; t--) {
    const v = values[t] as number;
    const delta = (rewards[t] as number) + (terminated[t] ? 0 : gamma * (nextValues[t] as number)) - v;
    next = delta + (ends[t] ? 0 : gamma * lambda * next);
    advantages[t] = next;
    returns[t] = next + v;
  }
  return { advantages, returns };
}
