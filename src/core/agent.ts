import { StateError } from './errors.js';
import type { Info } from './env.js';

/** One step of experience, as the runner hands it to an agent. Arrays are copies the agent may keep. */
export interface Transition<Obs = unknown, Act = unknown> {
  readonly obs: Obs;
  readonly action: Act;
  readonly reward: number;
  readonly nextObs: Obs;
  /** The MDP reached a terminal state: do not bootstrap from `nextObs`. */
  readonly terminated: boolean;
  /** The episode was cut by a time limit: `nextObs` is a real state, bootstrapping continues through it. */
  readonly truncated: boolean;
  readonly info: Info;
}

/** Numbers an agent reports after learning from a step (loss, epsilon, ...), for logs and the progress bar. */
export type StepStats = Readonly<Record<string, number>>;

/** Options of `Agent.act`. */
export interface ActOptions {
  /** Act with exploration (training); false asks for the greedy or mode action (evaluation). Default true. */
  readonly explore?: boolean;
}

/**
 * What learning from a transition returns: its stats, or a promise of them when the update reads tensors back
 * asynchronously (the webgpu backend has no synchronous read in Node); the runner waits for it before the next step.
 */
export type ObserveResult = StepStats | void | Promise<StepStats | void>;

/** The stats of a synchronous `observe`; a promise is a `StateError` naming `who`, which cannot wait for one. */
export function syncStats(result: ObserveResult, who: string): StepStats | void {
  if (result instanceof Promise) throw new StateError(`${who} needs an agent whose observe is synchronous; this one returned a promise`);
  return result;
}

/**
 * Shows `agent` the transitions in order, waiting for each promise an update returns before the next transition
 * (acting may depend on it); the last stats reported. Synchronous while the agent is, a promise from its first
 * asynchronous update on.
 */
export function observeInOrder<Obs, Act>(agent: Agent<Obs, Act>, transitions: readonly Transition<Obs, Act>[]): ObserveResult {
  let stats: StepStats | void = undefined;
  for (let i = 0; i < transitions.length; i++) {
    const r = agent.observe(transitions[i] as Transition<Obs, Act>);
    if (r instanceof Promise) {
      return (async () => {
        stats = (await r) ?? stats;
        for (let j = i + 1; j < transitions.length; j++) stats = (await agent.observe(transitions[j] as Transition<Obs, Act>)) ?? stats;
        return stats;
      })();
    }
    stats = r ?? stats;
  }
  return stats;
}

/**
 * A learner that acts in an environment and learns from the transitions it is shown. Algorithms depend on this
 * interface and `Env`, never on a concrete environment.
 */
export interface Agent<Obs = unknown, Act = unknown> {
  act(obs: Obs, opts?: ActOptions): Act;
  /** Learns from one transition (storing it, and updating when its schedule says so). */
  observe(t: Transition<Obs, Act>): ObserveResult;
  /** Writes everything needed to continue training into `dir` (weights, optimizer, buffer, RNG, counters). */
  save(dir: string): Promise<void>;
  /** Restores what `save` wrote. */
  load(dir: string): Promise<void>;
  /** Releases tensors and other resources. */
  dispose?(): void;
}

/** A batch of N transitions from a vector environment, row-major; rows with `valid[i] = 0` are autoreset rows to skip. */
export interface BatchTransition {
  readonly n: number;
  readonly obs: Float32Array;
  readonly actions: Float32Array | Int32Array;
  readonly rewards: Float64Array;
  readonly nextObs: Float32Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  readonly valid: Uint8Array;
  readonly infos: readonly Info[];
}

/** An agent that can also act and learn on N copies at once (vector environments). */
export interface VectorAgent extends Agent<Float32Array, number | Float32Array> {
  /** Actions for N observations stacked row-major. */
  actBatch(obs: Float32Array, n: number, opts?: ActOptions): Float32Array | Int32Array;
  observeBatch(t: BatchTransition): ObserveResult;
  /**
   * Ends every copy's episode under way at its last observed step, as a truncation. The runner calls it when a run
   * resumes with new episodes because the vector env could not save its own (no `snapshot()`/`restore()`), so that
   * state kept across steps (a rollout's GAE segments, n-step windows) is not joined to the new episodes.
   */
  endEpisodes?(): void;
}
