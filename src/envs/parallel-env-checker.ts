import { describeValue, InvalidArgumentError } from '../core/errors.js';
import type { ParallelEnv } from '../core/parallel-env.js';
import { Rng } from '../core/rng.js';
import type { Space } from '../core/spaces/index.js';
import { isPlainObject } from '../core/plain-object.js';
import { errorText, hasNonFinite, isSpaceLike, problemList, type CheckEnvOptions, type CheckEnvResult } from './env-checker.js';

/** Whether `x` has the shape of a Parallel-API environment (agents, per-agent space methods, reset, step, close). */
export function isParallelEnvLike(x: unknown): x is ParallelEnv<unknown, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const e = x as Record<string, unknown>;
  return Array.isArray(e.possibleAgents) && ['observationSpace', 'actionSpace', 'reset', 'step', 'close'].every((m) => typeof e[m] === 'function');
}

const RECORDS = ['observations', 'rewards', 'terminations', 'truncations', 'infos'] as const;

/** The keys of `record` against the agents expected, as a problem text, or undefined when they agree. */
function keyProblem(call: string, what: string, record: unknown, agents: readonly string[]): string | undefined {
  if (!isPlainObject(record)) return `${call} returned ${what} ${describeValue(record)}, must be a record keyed by agent`;
  const keys = Object.keys(record as object).sort();
  const want = [...agents].sort();
  return keys.length === want.length && keys.every((k, i) => k === want[i]) ? undefined : `${call} returned ${what} keyed by [${keys.join(', ')}], must be keyed by the live agents [${want.join(', ')}]`;
}

/**
 * Checks that `env` keeps PettingZoo's Parallel API contract: `possibleAgents` is a non-empty list of distinct
 * names, each with an observation and an action Space; `reset` returns observations and infos keyed by the live
 * agents, inside their spaces; `step` with sampled actions returns every record keyed by the agents live before it,
 * finite number rewards and boolean flags; agents that are done leave `agents`; the same seed gives the same first
 * observations; a step after every agent is done throws. Every problem is reported once.
 */
export function checkParallelEnv(env: ParallelEnv<unknown, unknown>, options: CheckEnvOptions = {}): CheckEnvResult {
  const { problems, note } = problemList();
  const agents0 = env.possibleAgents;
  if (!Array.isArray(agents0) || agents0.length === 0 || agents0.some((a) => typeof a !== 'string') || new Set(agents0).size !== agents0.length) {
    return { ok: false, problems: [`possibleAgents is ${describeValue(agents0)}, must be a non-empty list of distinct agent names`] };
  }
  const spaces = new Map<string, { obs: Space<unknown>; act: Space<unknown> }>();
  for (const agent of agents0) {
    try {
      const obs = env.observationSpace(agent);
      const act = env.actionSpace(agent);
      if (!isSpaceLike(obs) || !isSpaceLike(act)) note(`space-${agent}`, `the spaces of ${agent} are ${describeValue(obs)} and ${describeValue(act)}, must be Spaces from converge-rl`);
      else spaces.set(agent, { obs, act });
    } catch (err) {
      note(`space-${agent}`, `observationSpace/actionSpace(${JSON.stringify(agent)}) threw ${errorText(err)}`);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const seed = options.seed ?? 0;
  const steps = options.steps ?? 50;
  const checkObs = (call: string, observations: Record<string, unknown>): void => {
    for (const [agent, o] of Object.entries(observations)) {
      const space = spaces.get(agent)?.obs;
      if (hasNonFinite(o)) note('obs-finite', `${call} returned observation ${describeValue(o)} for ${agent} with NaN or Infinity`);
      else if (space && !space.contains(o)) note('obs-space', `${call} returned observation ${describeValue(o)} for ${agent}, not in ${space.toString()}`);
    }
  };
  const reset = (opts: { seed?: number }): Record<string, unknown> | undefined => {
    const call = opts.seed === undefined ? 'reset()' : `reset({ seed: ${seed} })`;
    try {
      const r = env.reset(opts);
      for (const what of ['observations', 'infos'] as const) {
        const p = keyProblem(call, what, (r as unknown as Record<string, unknown>)?.[what], env.agents);
        if (p) note(`reset-${what}`, p);
      }
      checkObs(call, r.observations as Record<string, unknown>);
      return r.observations as Record<string, unknown>;
    } catch (err) {
      note('reset-throws', `${call} threw ${errorText(err)}`);
      return undefined;
    }
  };
  const first = reset({ seed });
  if (first === undefined) return { ok: false, problems };
  const firstText = JSON.stringify(first);
  if (JSON.stringify(reset({ seed })) !== firstText) note('seed', `reset({ seed: ${seed} }) twice gave different observations; seeding must make reset deterministic`);
  const rng = new Rng(seed);
  let ended = false;
  for (let k = 0; k < steps; k++) {
    const live = [...env.agents];
    const actions = Object.fromEntries(live.map((agent) => [agent, spaces.get(agent)!.act.sample(rng)]));
    const call = `step(${describeValue(actions)})`;
    let r: Record<string, unknown>;
    try {
      r = env.step(actions) as unknown as Record<string, unknown>;
    } catch (err) {
      note('step-throws', `${call} at step ${k} threw ${errorText(err)}`);
      return { ok: false, problems };
    }
    for (const what of RECORDS) {
      const p = keyProblem(call, what, r?.[what], live);
      if (p) note(`step-${what}`, p);
    }
    if (problems.length > 0) return { ok: false, problems };
    checkObs(call, r.observations as Record<string, unknown>);
    const rewards = r.rewards as Record<string, unknown>;
    const term = r.terminations as Record<string, unknown>;
    const trunc = r.truncations as Record<string, unknown>;
    for (const agent of live) {
      if (typeof rewards[agent] !== 'number' || !Number.isFinite(rewards[agent])) note('reward', `${call} returned reward ${describeValue(rewards[agent])} for ${agent}, must be a finite number`);
      if (typeof term[agent] !== 'boolean' || typeof trunc[agent] !== 'boolean') note('flags', `${call} returned termination ${describeValue(term[agent])} and truncation ${describeValue(trunc[agent])} for ${agent}, must be true or false`);
    }
    const stillLive = live.filter((agent) => term[agent] !== true && trunc[agent] !== true).sort();
    if (JSON.stringify([...env.agents].sort()) !== JSON.stringify(stillLive)) note('agents', `after ${call} agents is [${env.agents.join(', ')}], must be the agents not done: [${stillLive.join(', ')}]`);
    if (env.agents.length === 0) {
      if (!ended) {
        ended = true;
        let threw = false;
        try {
          env.step({});
        } catch {
          threw = true;
        }
        if (!threw) note('step-after-done', 'step after every agent was done did not throw; it must be an error until reset');
      }
      if (reset({}) === undefined) return { ok: false, problems };
    }
  }
  return { ok: problems.length === 0, problems };
}

/** Runs `checkParallelEnv` and throws `InvalidArgumentError` listing every problem when there is one. */
export function assertParallelEnv(env: ParallelEnv<unknown, unknown>, options: CheckEnvOptions = {}): void {
  const { ok, problems } = checkParallelEnv(env, options);
  if (!ok) throw new InvalidArgumentError(`the parallel environment does not keep the Parallel API contract:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}
