import { Observable, type Subscriber } from 'rxjs';
import type { Agent, StepStats, Transition, VectorAgent } from '../core/agent.js';
import { isVectorEnv, supportsSnapshot, type Env, type VectorEnv } from '../core/env.js';
import { InvalidArgumentError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { isConstrainedEnv } from '../envs/constrained/constrained-env.js';
import { EpisodeCosts } from '../envs/constrained/episode-costs.js';
import { envName } from '../envs/env-name.js';
import { copyValue } from './copy-value.js';
import { constrainedCopy } from './constraints-of.js';
import type { BatchStepEvent, EpisodeEnd, InteractState, RunnerEvent, StepEvent } from './events.js';
import { observationFromJson, observationToJson } from './observation-json.js';
import { yieldPacer } from './yield-pacer.js';

/** Options of `interact`. */
export interface InteractOptions {
  /** Seeds the stream of environment reset seeds. Default 0. */
  readonly seed?: number;
  /** Stops after this many environment steps in total (counted from 0, also when resuming). Default: never. */
  readonly steps?: number;
  /** Acts with exploration. Default true. */
  readonly explore?: boolean;
  /** Shows each transition to `agent.observe` (or `observeBatch`). Default true. */
  readonly learn?: boolean;
  /**
   * Yields to the event loop every this many loop iterations, and at least every 50 ms, so timers, signals (Ctrl-C)
   * and a UI can run. Default 2048.
   */
  readonly yieldEvery?: number;
  /** Continues from a state taken from an event's `resumeState` (the agent loaded from the same checkpoint). */
  readonly resume?: InteractState;
}

/** One loop iteration and the step count, for the driver. */
interface Stepper {
  /** The next step's event, or its promise when the agent's update returned one (the loop waits for it). */
  next(hold: (p: Promise<unknown>) => void): RunnerEvent | Promise<RunnerEvent>;
  steps(): number;
}

const NO_ENDS: readonly EpisodeEnd[] = Object.freeze([]);


function mergeStats(prev: StepStats, next: StepStats | void): StepStats {
  return next ? { ...prev, ...next } : prev;
}

function singleStepper<Obs, Act>(env: Env<Obs, Act>, agent: Agent<Obs, Act>, o: InteractOptions): Stepper {
  const rng = o.resume ? Rng.fromState(o.resume.rng) : new Rng(o.seed ?? 0);
  const explore = { explore: o.explore ?? true };
  const learn = o.learn ?? true;
  let step = o.resume?.step ?? 0;
  let episodes = o.resume?.episodes ?? 0;
  let stats = o.resume?.stats ?? {};
  let obs: Obs | undefined;
  let ret = 0;
  let len = 0;
  const costs = isConstrainedEnv(env) ? new EpisodeCosts(env.constraints) : undefined;
  const snapshots = supportsSnapshot(env);
  const episode = o.resume?.episode;
  if (episode) {
    if (!supportsSnapshot(env)) throw new InvalidArgumentError('interact: the resume state holds an episode under way, but the env has no snapshot()/restore()');
    env.restore(episode.env);
    obs = observationFromJson(episode.obs) as Obs;
    ret = episode.returns[0] as number;
    len = episode.lengths[0] as number;
    if (costs && episode.costs?.[0]) costs.restore(episode.costs[0]);
  }
  // Made once: a closure per step would cost more than the step. It reads the loop as it is when called.
  const capture = (): InteractState => {
    const base = { step, episodes, rng: rng.getState(), stats };
    if (obs === undefined || !supportsSnapshot(env)) return base;
    return { ...base, episode: { env: env.snapshot(), obs: observationToJson(obs), returns: [ret], lengths: [len], ...(costs && { costs: [costs.state()] }) } };
  };
  return {
    steps: () => step,
    next(hold): StepEvent<Obs, Act> | Promise<StepEvent<Obs, Act>> {
      // Every reset is seeded from the run's stream, so a run resumed at an episode end replays the same episodes.
      if (obs === undefined) obs = copyValue(env.reset({ seed: rng.uint32() }).observation);
      const action = copyValue(agent.act(obs, explore));
      const r = env.step(action);
      const t: Transition<Obs, Act> = {
        obs,
        action,
        reward: r.reward,
        nextObs: copyValue(r.observation),
        terminated: r.terminated,
        truncated: r.truncated,
        info: r.info,
      };
      step += 1;
      ret += r.reward;
      len += 1;
      costs?.add(r.info, () => `${envName(env)}: step ${step}`);
      const learned = learn ? agent.observe(t) : undefined;
      if (!(learned instanceof Promise)) stats = mergeStats(stats, learned);
      let episodeEnds = NO_ENDS;
      let resumeState: (() => InteractState) | undefined = snapshots ? capture : undefined;
      if (r.terminated || r.truncated) {
        episodes += 1;
        episodeEnds = [costs ? { envIndex: 0, return: ret, length: len, terminated: r.terminated, costs: costs.finish() } : { envIndex: 0, return: ret, length: len, terminated: r.terminated }];
        resumeState = capture;
        obs = undefined;
        ret = 0;
        len = 0;
      } else {
        obs = t.nextObs;
      }
      // Fields listed one by one: an object spread here costs more than the rest of the step.
      const event: StepEvent<Obs, Act> = {
        obs: t.obs,
        action,
        reward: r.reward,
        nextObs: t.nextObs,
        terminated: r.terminated,
        truncated: r.truncated,
        info: r.info,
        batch: false,
        step,
        stepDelta: 1,
        episodes,
        stats,
        episodeEnds,
        resumeState,
        agent,
        hold,
      };
      return learned instanceof Promise ? learned.then((s) => ({ ...event, stats: (stats = mergeStats(stats, s)) })) : event;
    },
  };
}

function vectorStepper(env: VectorEnv, agent: VectorAgent, o: InteractOptions): Stepper {
  const rng = o.resume ? Rng.fromState(o.resume.rng) : new Rng(o.seed ?? 0);
  const explore = { explore: o.explore ?? true };
  const learn = o.learn ?? true;
  const n = env.numEnvs;
  let step = o.resume?.step ?? 0;
  let episodes = o.resume?.episodes ?? 0;
  let stats = o.resume?.stats ?? {};
  let obs: Float32Array | undefined;
  const rets = new Float64Array(n);
  const lens = new Int32Array(n);
  const costly = constrainedCopy(env);
  const costs = costly && Array.from({ length: n }, () => new EpisodeCosts(costly.constraints));
  const episode = o.resume?.episode;
  if (episode) {
    if (!supportsSnapshot(env)) throw new InvalidArgumentError('interact: the resume state holds episodes under way, but the vector env has no snapshot()/restore()');
    env.restore(episode.env);
    obs = observationFromJson(episode.obs) as Float32Array;
    rets.set(episode.returns);
    lens.set(episode.lengths);
    episode.costs?.forEach((state, i) => costs?.[i]?.restore(state));
  }
  const capture = (): InteractState => {
    const base = { step, episodes, rng: rng.getState(), stats };
    if (obs === undefined || !supportsSnapshot(env)) return base;
    return { ...base, episode: { env: env.snapshot(), obs: observationToJson(obs), returns: Array.from(rets), lengths: Array.from(lens), ...(costs && { costs: costs.map((c) => c.state()) }) } };
  };
  return {
    steps: () => step,
    next(hold): BatchStepEvent | Promise<BatchStepEvent> {
      if (obs === undefined) obs = env.reset({ seed: rng.uint32() }).observations.slice();
      const actions = agent.actBatch(obs, n, explore).slice();
      const r = env.step(actions);
      const valid = new Uint8Array(n);
      const ends: EpisodeEnd[] = [];
      let delta = 0;
      for (let i = 0; i < n; i++) {
        // Next-step autoreset: a copy that ended last call was reset, not stepped; its row is no transition.
        if (env.autoreset[i]) continue;
        valid[i] = 1;
        delta += 1;
        rets[i] += r.rewards[i] as number;
        lens[i] += 1;
        costs?.[i]?.add(r.infos[i] ?? {}, () => `${envName(costly as Env)}: copy ${i}, step ${step + delta}`);
        if (r.terminated[i] || r.truncated[i]) {
          const c = costs?.[i]?.finish();
          ends.push({ envIndex: i, return: rets[i] as number, length: lens[i] as number, terminated: r.terminated[i] === 1, ...(c && { costs: c }) });
          rets[i] = 0;
          lens[i] = 0;
        }
      }
      const batch = {
        n,
        obs,
        actions,
        rewards: r.rewards.slice(),
        nextObs: r.observations.slice(),
        terminated: r.terminated.slice(),
        truncated: r.truncated.slice(),
        valid,
        infos: r.infos,
      };
      step += delta;
      episodes += ends.length;
      const learned = learn ? agent.observeBatch(batch) : undefined;
      if (!(learned instanceof Promise)) stats = mergeStats(stats, learned);
      obs = batch.nextObs;
      const { obs: o, actions: a, rewards, nextObs, terminated, truncated, infos } = batch;
      const episodeEnds = ends.length > 0 ? ends : NO_ENDS;
      const event: BatchStepEvent = { n, obs: o, actions: a, rewards, nextObs, terminated, truncated, valid, infos, batch: true, step, stepDelta: delta, episodes, stats, episodeEnds, resumeState: capture, agent, hold };
      return learned instanceof Promise ? learned.then((s) => ({ ...event, stats: (stats = mergeStats(stats, s)) })) : event;
    },
  };
}

async function drive(stepper: Stepper, sub: Subscriber<RunnerEvent>, limit: number, yieldEvery: number): Promise<void> {
  // Start after a microtask, so every subscriber of a shared stream attaches before the first step.
  await Promise.resolve();
  const pacer = yieldPacer(yieldEvery);
  while (!sub.closed && stepper.steps() < limit) {
    const event = stepper.next(pacer.hold);
    sub.next(event instanceof Promise ? await event : event);
    const wait = pacer.settle();
    if (wait !== undefined) await wait;
  }
}

/**
 * The agent acting in the environment, as a cold stream of steps: each subscription runs its own loop that resets
 * the environment, asks the agent for actions, steps, copies the observations (environments reuse their arrays),
 * shows the transition to `agent.observe` and emits it. A `VectorEnv` with a `VectorAgent` gives batched steps.
 * Unsubscribing stops the loop; it completes after `steps` environment steps. Share it (`share()`) to feed several
 * operators from one loop. Deterministic given the seeds of the environment reset stream and of the agent.
 */
export function interact<Obs, Act>(env: Env<Obs, Act>, agent: Agent<Obs, Act>, opts?: InteractOptions): Observable<StepEvent<Obs, Act>>;
export function interact(env: VectorEnv, agent: VectorAgent, opts?: InteractOptions): Observable<BatchStepEvent>;
export function interact(env: Env | VectorEnv, agent: Agent | VectorAgent, opts: InteractOptions = {}): Observable<RunnerEvent> {
  const limit = opts.steps ?? Infinity;
  const yieldEvery = opts.yieldEvery ?? 2048;
  if (!(limit >= 0)) throw new InvalidArgumentError(`interact: steps is ${opts.steps}; it must be >= 0`);
  if (!Number.isInteger(yieldEvery) || yieldEvery < 1) throw new InvalidArgumentError(`interact: yieldEvery is ${opts.yieldEvery}; it must be an integer >= 1`);
  if (isVectorEnv(env) && typeof (agent as VectorAgent).actBatch !== 'function') {
    throw new InvalidArgumentError(`interact: a vector env (numEnvs ${env.numEnvs}) needs a VectorAgent (with actBatch and observeBatch)`);
  }
  return new Observable<RunnerEvent>((sub) => {
    const stepper = isVectorEnv(env) ? vectorStepper(env, agent as VectorAgent, opts) : singleStepper(env, agent as Agent, opts);
    drive(stepper, sub, limit, yieldEvery).then(
      () => sub.complete(),
      (e: unknown) => sub.error(e),
    );
  });
}
