import { Observable } from 'rxjs';
import { syncStats, type Agent, type StepStats, type Transition } from '../core/agent.js';
import type { Info } from '../core/env.js';
import { InvalidArgumentError } from '../core/errors.js';
import type { ParallelEnv } from '../core/parallel-env.js';
import { Rng } from '../core/rng.js';
import { copyValue } from './copy-value.js';

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
export interface ParallelStepEvent<Obs, Act> {
  readonly step: number;
  readonly episodes: number;
  readonly transition: ParallelTransition<Obs, Act>;
  /** Each agent's latest learning statistics. */
  readonly stats: Readonly<Record<string, StepStats>>;
  /** Set on the step that ended an episode (no agent left): each agent's return and the episode's length. */
  readonly episodeEnd?: { readonly returns: Readonly<Record<string, number>>; readonly length: number };
}

/** Options of `interactParallel`. */
export interface InteractParallelOptions {
  /** Seeds the stream of reset seeds. Default 0. */
  readonly seed?: number;
  /** Stops after this many joint steps. Default: never. */
  readonly steps?: number;
  readonly explore?: boolean;
  /** Shows each agent its own transition (`agent.observe`). Default true. */
  readonly learn?: boolean;
  /** Yields to the event loop every this many steps. Default 2048. */
  readonly yieldEvery?: number;
}

/**
 * Independent learners in a Parallel-API environment, as a cold stream of joint steps: each live agent acts on its
 * own observation, the environment steps, and each agent observes its own single-agent transition (its
 * observation, action, reward, next observation and flags), so any single-agent `Agent` serves as an independent
 * learner. A new episode starts (with a seed from the run's stream) once no agent is left. Unsubscribing stops the
 * loop; it completes after `steps` joint steps.
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
    const rng = new Rng(opts.seed ?? 0);
    let obs: Record<string, Obs> | undefined;
    let returns: Record<string, number> = {};
    let length = 0;
    let step = 0;
    let episodes = 0;
    const stats: Record<string, StepStats> = {};
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
          if (s) stats[a] = s;
        }
        step += 1;
        length += 1;
        const ended = env.agents.length === 0;
        if (ended) episodes += 1;
        sub.next({ step, episodes, transition, stats: { ...stats }, ...(ended ? { episodeEnd: { returns, length } } : {}) });
        obs = ended ? undefined : nextObs;
        if (step % yieldEvery === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    };
    loop().then(
      () => sub.complete(),
      (e: unknown) => sub.error(e),
    );
  });
}
