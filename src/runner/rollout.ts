import type { Agent } from '../core/agent.js';
import type { Env } from '../core/env.js';
import { InvalidArgumentError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { isConstrainedEnv } from '../envs/constrained/constrained-env.js';
import { EpisodeCosts } from '../envs/constrained/episode-costs.js';
import { envName } from '../envs/env-name.js';
import { copyValue } from './copy-value.js';

/** Returns and lengths of whole episodes played by `rollout`. */
export interface RolloutResult {
  readonly returns: number[];
  readonly lengths: number[];
  /** For a `ConstrainedEnv`, each episode's value per constraint (discounted sum or mean cost, as its budget reads). */
  readonly costs?: number[][];
}

/** Options of `rollout`. */
export interface RolloutOptions {
  readonly episodes: number;
  /** Seeds the resets: episode k starts from a seed drawn from a stream seeded with this. */
  readonly seed: number | string;
  /** Acts with exploration. Default false (greedy evaluation). */
  readonly explore?: boolean;
  /** Stops an episode after this many steps, for environments without a time limit. Default 10000. */
  readonly maxEpisodeSteps?: number;
}

/** Plays whole episodes with `agent` without learning, synchronously, and returns their returns and lengths (and costs). */
export function rollout<Obs, Act>(env: Env<Obs, Act>, agent: Agent<Obs, Act>, o: RolloutOptions): RolloutResult {
  if (!Number.isInteger(o.episodes) || o.episodes < 1) throw new InvalidArgumentError(`rollout: episodes is ${o.episodes}; it must be an integer >= 1`);
  const rng = new Rng(o.seed);
  const opts = { explore: o.explore ?? false };
  const maxSteps = o.maxEpisodeSteps ?? 10_000;
  const acc = isConstrainedEnv(env) ? new EpisodeCosts(env.constraints) : undefined;
  const out: RolloutResult = { returns: [], lengths: [], ...(acc && { costs: [] }) };
  for (let k = 0; k < o.episodes; k++) {
    let obs = copyValue(env.reset({ seed: rng.uint32() }).observation);
    let ret = 0;
    let len = 0;
    for (;;) {
      const r = env.step(agent.act(obs, opts));
      ret += r.reward;
      len += 1;
      acc?.add(r.info, () => `${envName(env)}: evaluation episode ${k + 1}, step ${len}`);
      if (r.terminated || r.truncated || len >= maxSteps) break;
      obs = copyValue(r.observation);
    }
    out.returns.push(ret);
    out.lengths.push(len);
    if (acc) out.costs?.push(acc.finish());
  }
  return out;
}
