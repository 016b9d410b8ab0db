import { Observable } from 'rxjs';
import { syncStats, type Agent, type StepStats, type Transition } from '../core/agent.js';
import { supportsSnapshot, type Info } from '../core/env.js';
import { InvalidArgumentError } from '../core/errors.js';
import type { InteractOptions } from './interact.js';
import { yieldPacer } from './yield-pacer.js';
import type { ParallelEnv } from '../core/parallel-env.js';
import { Rng } from '../core/rng.js';
import { copyValue } from './copy-value.js';
import type { InteractState, ResumableEvent } from './events.js';
import { observationFromJson, observationToJson } from './observation-json.js';

/** One joint step of a parallel multi-agent environment: every record keyed by the agents that acted. */
export interface ParallelTransition<Obs, Act> {
  readonly obs: Readonly<Record<string, Obs>>;
  readonly actions: Readonly<Record<string, Act>>;
  readonly rewards: Readonly<Record<string, number>>;
  readonly nextObs: Readonly<Record<string, Obs>>;
  readonly terminations: Readonly<Record<string, boolean>>;
  readonly truncations: Readonly<Record<string, boolean>>;
  readonly infos: Readonly<Record<string, Info>>;
}

/** What `interactParallel` emits per joint step. */
export interface ParallelStepEvent<Obs, Act> extends ResumableEvent {
  readonly transition: ParallelTransition<Obs, Act>;
  /** Each agent's latest learning statistics. */
  readonly stats: Readonly<Record<string, StepStats>>;
  /** Set on the step that ended an episode (no agent left): each agent's return and the episode's length. */
  readonly episodeEnd?: { readonly returns: Readonly<Record<string, number>>; readonly length: number };
}

/** Options of `interactParallel`: those of `interact` (joint steps counted as steps). */
export type InteractParallelOptions = InteractOptions;

/** Each agent's stats as one flat record (`agent/key`), as `InteractState` keeps them, and back. */
function flattenStats(stats: Readonly<Record<string, StepStats>>): StepStats {
  return Object.fromEntries(Object.entries(stats).flatMap(([agent, s]) => Object.entries(s).map(([k, v]) => [`${agent}/${k}`, v])));
}

function unflattenStats(flat: StepStats, agents: readonly string[]): Record<string, StepStats> {
  const out: Record<string, Record<string, number>> = {};
  for (const [key, v] of Object.entries(flat)) {
    const agent = agents.find((a) => key.startsWith(`${a}/`));
    if (agent !== undefined) (out[agent] ??= {})[key.slice(agent.length + 1)] = v;
  }
  return out;
}

/**
 * Independent learners in a Parallel-API environment, as a cold stream of joint steps: each live agent acts on its
 * own observation, the environment steps, and each agent observes its own single-agent transition (its
 * observation, action, reward, next observation and flags), so any single-agent `Agent` serves as an independent
 * learner. A new episode starts (with a seed from the run's stream) once no agent is left. Each event can give the
 * state to continue from (`resumeState`: on every step when the env snapshots, else at episode ends) and hold the
 * loop (`hold`: a checkpoint saving the learners). Unsubscribing stops the loop; it completes after `steps` joint
 * steps.
 */
export function interactParallel<Obs, Act>(env: ParallelEnv<Obs, Act>, agents: Readonly<Record<string, Agent<Obs, Act>>>, opts: InteractParallelOptions = {}): Observable<ParallelStepEvent<Obs, Act>> {
  const missing = env.possibleAgents.filter((a) => !(a in agents));
  if (missing.length > 0) throw new InvalidArgumentError(`interactParallel: no learner for agent(s) ${missing.join(', ')}; give one per possible agent (${env.possibleAgents.join(', ')})`);
  const limit = opts.steps ?? Infinity;
  const yieldEvery = opts.yieldEvery ?? 2048;
  if (!(limit >= 0)) throw new InvalidArgumentError(`interactParallel: steps is ${opts.steps}; it must be >= 0`);
  if (!Number.isInteger(yieldEvery) || yieldEvery < 1) throw new InvalidArgumentError(`interactParallel: yieldEvery is ${opts.yieldEvery}; it must be an integer >= 1`);
  const actOpts = { explore: opts.explore ?? true };
  const learn = opts.learn ?? true;
  return new Observable<ParallelStepEvent<Obs, Act>>((sub) => {
    const r0 = opts.resume;
    const rng = r0 ? Rng.fromState(r0.rng) : new Rng(opts.seed ?? 0);
    let obs: Record<string, Obs> | undefined;
    let returns: Record<string, number> = {};
    let length = 0;
    let step = r0?.step ?? 0;
    let episodes = r0?.episodes ?? 0;
    let stats: Record<string, StepStats> = r0 ? unflattenStats(r0.stats, env.possibleAgents) : {};
    const snapshots = supportsSnapshot(env);
    if (r0?.episode) {
      if (!supportsSnapshot(env)) throw new InvalidArgumentError('interactParallel: the resume state holds an episode under way, but the env has no snapshot()/restore()');
      env.restore(r0.episode.env);
      obs = observationFromJson(r0.episode.obs) as Record<string, Obs>;
      const names = r0.episode.agents ?? env.possibleAgents;
      returns = Object.fromEntries(names.map((a, i) => [a, r0.episode!.returns[i] as number]));
      length = r0.episode.lengths[0] as number;
    }
    const capture = (): InteractState => {
      const base = { step, episodes, rng: rng.getState(), stats: flattenStats(stats) };
      if (obs === undefined || !supportsSnapshot(env)) return base;
      const names = Object.keys(returns);
      return { ...base, episode: { env: env.snapshot(), obs: observationToJson(obs), returns: names.map((a) => returns[a] as number), lengths: [length], agents: names } };
    };
    const pacer = yieldPacer(yieldEvery);
    const hold = pacer.hold;
    const loop = async (): Promise<void> => {
      await Promise.resolve();
      while (!sub.closed && step < limit) {
        if (obs === undefined) {
          obs = copyValue({ ...env.reset({ seed: rng.uint32() }).observations });
          returns = Object.fromEntries(env.agents.map((a) => [a, 0]));
          length = 0;
        }
        const live = [...env.agents];
        const actions = Object.fromEntries(live.map((a) => [a, copyValue(agents[a]!.act(obs![a] as Obs, actOpts))])) as Record<string, Act>;
        const r = env.step(actions);
        const nextObs = copyValue({ ...r.observations });
        const transition: ParallelTransition<Obs, Act> = { obs, actions, rewards: r.rewards, nextObs, terminations: r.terminations, truncations: r.truncations, infos: r.infos };
        for (const a of live) {
          returns[a] = (returns[a] ?? 0) + (r.rewards[a] as number);
          if (!learn) continue;
          const t: Transition<Obs, Act> = { obs: obs[a] as Obs, action: actions[a] as Act, reward: r.rewards[a] as number, nextObs: nextObs[a] as Obs, terminated: r.terminations[a] === true, truncated: r.truncations[a] === true, info: r.infos[a] ?? {} };
          const s = syncStats(agents[a]!.observe(t), 'interactParallel');
          if (s) stats = { ...stats, [a]: s };
        }
        step += 1;
        length += 1;
        const ended = env.agents.length === 0;
        if (ended) episodes += 1;
        const episodeEnd = ended ? { returns, length } : undefined;
        obs = ended ? undefined : nextObs;
        sub.next({ step, stepDelta: 1, episodes, transition, stats, ...(episodeEnd && { episodeEnd }), resumeState: snapshots || ended ? capture : undefined, hold });
        const wait = pacer.settle();
        if (wait !== undefined) await wait;
      }
    };
    loop().then(
      () => sub.complete(),
      (e: unknown) => sub.error(e),
    );
  });
}
