import type { Info } from './env.js';
import type { Space } from './spaces/index.js';

/** What a parallel multi-agent environment's `reset` returns: one observation and one info per live agent. */
export interface ParallelResetResult<Obs> {
  readonly observations: Readonly<Record<string, Obs>>;
  readonly infos: Readonly<Record<string, Info>>;
}

/** What a parallel multi-agent environment's `step` returns, each record keyed by the agents live before the step. */
export interface ParallelStepResult<Obs> {
  readonly observations: Readonly<Record<string, Obs>>;
  readonly rewards: Readonly<Record<string, number>>;
  readonly terminations: Readonly<Record<string, boolean>>;
  readonly truncations: Readonly<Record<string, boolean>>;
  readonly infos: Readonly<Record<string, Info>>;
}

/**
 * A multi-agent environment in PettingZoo's Parallel API: every live agent acts at every step.
 *
 * - `possibleAgents` lists every agent that can ever appear; `agents` those live now (empty before `reset` and once
 *   every agent is terminated or truncated).
 * - `step(actions)` needs an action for each live agent and none for anyone else; an agent whose termination or
 *   truncation is true leaves `agents`. Stepping with no live agent is an error until `reset`.
 */
export interface ParallelEnv<Obs = unknown, Act = unknown> {
  readonly possibleAgents: readonly string[];
  readonly agents: readonly string[];
  observationSpace(agent: string): Space<Obs>;
  actionSpace(agent: string): Space<Act>;
  readonly metadata: Readonly<Record<string, unknown>>;
  reset(opts?: { seed?: number; options?: Record<string, unknown> }): ParallelResetResult<Obs>;
  step(actions: Readonly<Record<string, Act>>): ParallelStepResult<Obs>;
  close(): void;
}
