import { existsSync, truncateSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { filter, lastValueFrom, map, merge, type Observer, share, take, takeUntil, tap, toArray } from 'rxjs';
import { TabularQAgent } from '../agents/tabular-q.js';
import { discreteSize } from '../core/spaces/discrete-size.js';
import type { Agent } from '../core/agent.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { CorruptFileError, InvalidArgumentError, NotFoundError, describeValue } from '../core/errors.js';
import type { ParallelEnv } from '../core/parallel-env.js';
import { loadEnvModule } from '../envs/load-env-module.js';
import { isParallelEnvLike } from '../envs/parallel-env-checker.js';
import { markovNashConv } from '../games/markov/evaluation.js';
import { productPolicy } from '../games/markov/joint-policy.js';
import { TabularMarkovGame } from '../games/markov/markov-game.js';
import { isMarkovGameId, makeMarkovGame } from '../games/markov/registry.js';
import { TabularReinforceAgent } from '../policy-gradient/tabular-reinforce.js';
import { isModulePath } from './env-source.js';
import type { InteractState } from './events.js';
import { interactParallel, type ParallelStepEvent } from './interact-parallel.js';
import { aborted$ } from './interrupt.js';
import { checkpoint } from './operators/checkpoint.js';
import { summarize, type Summary } from './report/stats.js';
import { writeParallelReport } from './parallel-report.js';
import { agentDir, checkMetricsPrefix, checkNewRunDir, loadCheckpoint, metricsBytes, readJsonFile, RUN_FILES, saveCheckpoint, type CheckpointInfo } from './run-dir.js';
import { FINAL_EVAL_SEED } from './run.js';
import { runRecords } from './sinks/run-records.js';
import type { MetricRecord } from './sinks/metric-record.js';

/** The independent learners `trainParallel` can run, one per agent. */
export const PARALLEL_ALGORITHMS = ['q-learning', 'reinforce'] as const;
export type ParallelAlgorithm = (typeof PARALLEL_ALGORITHMS)[number];

/**
 * The multi-agent environment `--env` names (built with `kwargs`), or undefined when it names a single-agent one: a
 * registered Markov game id, or a module whose env has the Parallel API.
 */
export async function resolveParallelEnv(ref: string, kwargs: Readonly<Record<string, unknown>> = {}): Promise<ParallelEnv<unknown, unknown> | undefined> {
  if (isMarkovGameId(ref)) return makeMarkovGame(ref, kwargs);
  if (!isModulePath(ref)) return undefined;
  const mod = await loadEnvModule(ref);
  if (mod.source === 'register') return undefined;
  const env: unknown = mod.factory(kwargs);
  return isParallelEnvLike(env) ? env : undefined;
}

/** Options of `trainParallel`. */
export interface ParallelTrainOptions extends ParallelRunOptions {
  readonly env: ParallelEnv<unknown, unknown>;
  /** How the env was named (a Markov game id or a module path), for the run name and config.json. */
  readonly envRef: string;
  /** The keyword arguments `env` was built with (kept in config.json, so a resume builds the same env). */
  readonly envKwargs?: Readonly<Record<string, unknown>>;
  readonly algo?: string;
  readonly steps?: number;
  readonly seed?: number;
  /** Folder of run directories; default `runs`. */
  readonly out?: string;
  /** The run's name (its folder under `out`); default `<algo>-<env>-s<seed>`. A taken name is refused. */
  readonly name?: string;
  /** Discount of every learner; default the env's `gamma` when it is a `TabularMarkovGame`, else 0.99. */
  readonly gamma?: number;
  /** ε of every Q-learner's ε-greedy behaviour; default 0.1. */
  readonly epsilon?: number;
  /** Step size of every REINFORCE learner; default 0.1. */
  readonly lr?: number;
  /** Joint steps between checkpoints; default 10000. */
  readonly checkpointEvery?: number;
}

/** Options of a multi-agent run's segment, trained or resumed. */
export interface ParallelRunOptions {
  /** Extra subscribers of the metric records (a progress bar), given the run's last and first step. */
  readonly sinks?: (totalSteps: number, startStep: number) => Partial<Observer<MetricRecord>>[];
  /** Stops the run between two steps (Ctrl-C), after a checkpoint at that step when it is resumable there. */
  readonly signal?: AbortSignal;
}

/** The learners' settings `--hyperparams` may set, per algorithm. */
const PARALLEL_HYPER: Readonly<Record<ParallelAlgorithm, readonly ('gamma' | 'epsilon' | 'lr')[]>> = { 'q-learning': ['gamma', 'epsilon'], reinforce: ['gamma', 'lr'] };

/**
 * The learners' settings from `--hyperparams` (gamma, and epsilon for q-learning or lr for reinforce); another key,
 * or a value that is not a number, is an `InvalidArgumentError` naming the allowed ones.
 */
export function parallelHyper(algo: string, hyper: Readonly<Record<string, unknown>>): { gamma?: number; epsilon?: number; lr?: number } {
  // An algorithm that cannot train a multi-agent env is refused by `trainParallel`, with its own message.
  if (!(algo in PARALLEL_HYPER)) return {};
  const allowed = PARALLEL_HYPER[algo as ParallelAlgorithm];
  const out: { gamma?: number; epsilon?: number; lr?: number } = {};
  for (const [k, v] of Object.entries(hyper)) {
    if (!(allowed as readonly string[]).includes(k)) throw new InvalidArgumentError(`--hyperparams: ${algo} (independent learners) takes ${allowed.join(', ')}; got ${JSON.stringify(k)}`);
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidArgumentError(`--hyperparams: ${k} must be a finite number, got ${describeValue(v)}`);
    out[k as 'gamma' | 'epsilon' | 'lr'] = v;
  }
  return out;
}

/** config.json of a multi-agent run. */
export interface ParallelRunConfig {
  readonly kind: 'multi-agent';
  readonly algo: ParallelAlgorithm;
  /** A Markov game id, or a module's path relative to the run directory. */
  readonly env: string;
  readonly envKwargs?: Readonly<Record<string, unknown>>;
  readonly steps: number;
  readonly seed: number;
  readonly gamma: number;
  readonly epsilon?: number;
  readonly lr?: number;
  readonly checkpointEvery: number;
  readonly agents: readonly string[];
}

/** What `trainParallel` and `resumeParallel` did. */
export interface ParallelRunSummary {
  readonly runDir: string;
  readonly steps: number;
  readonly episodes: number;
  /** Each agent's mean return over the last tenth of the episodes (empty when interrupted). */
  readonly finalReturns: Readonly<Record<string, number>>;
  /** NashConv of the learners' greedy joint policy, when the env is a tabular Markov game. */
  readonly nashConv?: number;
  /** Stopped by the abort signal: no final learners were saved, the run can be resumed. */
  readonly interrupted: boolean;
  /** The step of the last checkpoint written (by this segment or an earlier one); undefined when none was. */
  readonly checkpointStep: number | undefined;
}

function discreteSpaces(env: ParallelEnv<unknown, unknown>, agent: string): { S: number; A: number } {
  const obs = env.observationSpace(agent);
  const act = env.actionSpace(agent);
  const S = discreteSize(obs);
  const A = discreteSize(act);
  if (S === undefined || A === undefined) {
    throw new InvalidArgumentError(`train: independent tabular learners need Discrete observation and action spaces starting at 0; agent ${agent} has ${String(obs)} and ${String(act)}`);
  }
  return { S, A };
}

/** One independent learner per agent, as the config says. */
function makeLearners(env: ParallelEnv<unknown, unknown>, c: ParallelRunConfig): Record<string, Agent<number, number>> {
  return Object.fromEntries(
    c.agents.map((agent, i) => {
      const spaces = discreteSpaces(env, agent);
      const seed = c.seed * 1000 + i;
      return [agent, c.algo === 'reinforce' ? new TabularReinforceAgent({ ...spaces, gamma: c.gamma, lr: c.lr ?? 0.1, seed }) : new TabularQAgent({ ...spaces, gamma: c.gamma, epsilon: c.epsilon ?? 0.1, seed })];
    }),
  );
}

/** The learners as one savable whole: each agent's state in its own folder `<dir>/<agent>/`. */
function jointSaver(learners: Readonly<Record<string, Agent<number, number>>>): Pick<Agent, 'save'> & { load(dir: string): Promise<void> } {
  return {
    async save(dir) {
      for (const [agent, learner] of Object.entries(learners)) await learner.save(join(dir, agent));
    },
    async load(dir) {
      for (const [agent, learner] of Object.entries(learners)) await learner.load(join(dir, agent));
    },
  };
}

/**
 * Trains independent learners (one per agent, each blind to the others) on a Parallel-API env and writes
 * `<out>/<name>/` as a single-agent run does: config.json, metrics.jsonl (one 'episode' record per episode: step,
 * each agent's return, length), checkpoints every `checkpointEvery` joint steps (atomic, with their file manifest;
 * `resumeParallel` continues from the last), the final learners (final.json), learning-curve.svg with one curve per
 * agent, results.json and report.md (with the NashConv of the greedy joint policy when the env is a tabular Markov
 * game).
 */
export async function trainParallel(o: ParallelTrainOptions): Promise<ParallelRunSummary> {
  const algo = o.algo ?? 'q-learning';
  if (!(PARALLEL_ALGORITHMS as readonly string[]).includes(algo)) {
    throw new InvalidArgumentError(`train: algorithm ${describeValue(algo)} cannot train a multi-agent env; use one of ${PARALLEL_ALGORITHMS.join(', ')} (independent learners)`);
  }
  const seed = o.seed ?? 0;
  const game = o.env instanceof TabularMarkovGame ? o.env : undefined;
  const envName = o.envRef.replace(/^.*[\\/]/, '').replace(/\.[cm]?[jt]s$/, '');
  const out = o.out ?? 'runs';
  const runDir = join(out, o.name ?? `${algo}-${envName}-s${seed}`);
  checkNewRunDir(out, runDir);
  const config: ParallelRunConfig = {
    kind: 'multi-agent',
    algo: algo as ParallelAlgorithm,
    // A module's path relative to the run directory, so the run still resumes after both move together.
    env: isModulePath(o.envRef) ? relative(runDir, resolve(o.envRef)) : o.envRef,
    ...(o.envKwargs !== undefined && Object.keys(o.envKwargs).length > 0 && { envKwargs: o.envKwargs }),
    steps: o.steps ?? 20_000,
    seed,
    gamma: o.gamma ?? game?.gamma ?? 0.99,
    ...(algo === 'reinforce' ? { lr: o.lr ?? 0.1 } : { epsilon: o.epsilon ?? 0.1 }),
    checkpointEvery: o.checkpointEvery ?? 10_000,
    agents: o.env.possibleAgents,
  };
  if (!Number.isSafeInteger(config.checkpointEvery) || config.checkpointEvery < 1) throw new InvalidArgumentError(`train: checkpointEvery is ${describeValue(config.checkpointEvery)}; it must be an integer >= 1`);
  const learners = makeLearners(o.env, config);
  await writeFileAtomic(join(runDir, RUN_FILES.config), `${JSON.stringify(config, null, 2)}\n`);
  return runParallelSegment(runDir, config, o.env, learners, undefined, o);
}

/** Whether a run directory holds a multi-agent run (its config.json says `kind: 'multi-agent'`). */
export function isParallelRun(runDir: string): boolean {
  const path = join(runDir, RUN_FILES.config);
  if (!existsSync(path)) return false;
  const c = readJsonFile(path);
  return typeof c === 'object' && c !== null && (c as { kind?: unknown }).kind === 'multi-agent';
}

function readParallelConfig(runDir: string): ParallelRunConfig {
  const path = join(runDir, RUN_FILES.config);
  const c = readJsonFile(path) as Partial<ParallelRunConfig>;
  for (const k of ['algo', 'env', 'steps', 'seed', 'gamma', 'checkpointEvery', 'agents'] as const) if (c[k] === undefined) throw new CorruptFileError(`${path} is damaged: it has no ${k}`);
  if (!(PARALLEL_ALGORITHMS as readonly string[]).includes(c.algo as string)) throw new CorruptFileError(`${path} is damaged: algo ${describeValue(c.algo)} is not one of ${PARALLEL_ALGORITHMS.join(', ')}`);
  return c as ParallelRunConfig;
}

/** The env of a multi-agent run, built as it was trained (a module's path is relative to the run directory). */
async function runEnv(runDir: string, c: ParallelRunConfig): Promise<ParallelEnv<unknown, unknown>> {
  const env = await resolveParallelEnv(isModulePath(c.env) ? resolve(runDir, c.env) : c.env, c.envKwargs ?? {});
  if (env === undefined) throw new NotFoundError(`${runDir}: its env ${c.env} is no longer a multi-agent env (a Markov game id or a Parallel-API module)`);
  return env;
}

/**
 * Continues a multi-agent run from its last checkpoint up to its configured steps; its metrics end as an
 * uninterrupted run's (bit for bit, apart from timings). A run stopped before its first checkpoint starts again
 * from step 0. Returns undefined when the run had already finished.
 */
export async function resumeParallel(runDir: string, o: ParallelRunOptions = {}): Promise<ParallelRunSummary | undefined> {
  const c = readParallelConfig(runDir);
  const finished = existsSync(join(runDir, RUN_FILES.final));
  if (finished && existsSync(join(runDir, RUN_FILES.report))) return undefined;
  const env = await runEnv(runDir, c);
  const learners = makeLearners(env, c);
  if (finished) {
    // Training finished but the report was not written (a crash in between).
    const info = await loadCheckpoint(runDir, 'final');
    await jointSaver(learners).load(agentDir(runDir, info));
    return reportParallel(runDir, c, env, learners, info.step, info.wallS, info.step, undefined);
  }
  const ckpt = existsSync(join(runDir, RUN_FILES.checkpoint)) ? await loadCheckpoint(runDir) : undefined;
  const metrics = join(runDir, RUN_FILES.metrics);
  if (ckpt) {
    checkMetricsPrefix(runDir, ckpt.metricsBytes);
    await jointSaver(learners).load(agentDir(runDir, ckpt));
    if (existsSync(metrics)) truncateSync(metrics, ckpt.metricsBytes);
  } else if (existsSync(metrics)) {
    truncateSync(metrics, 0);
  }
  return runParallelSegment(runDir, c, env, learners, ckpt, o);
}

/** Trains from `resume` (or step 0) to the config's steps, with the log, checkpoints, sinks, final save and report. */
async function runParallelSegment(runDir: string, c: ParallelRunConfig, env: ParallelEnv<unknown, unknown>, learners: Record<string, Agent<number, number>>, resume: CheckpointInfo | undefined, o: ParallelRunOptions): Promise<ParallelRunSummary> {
  const t0 = performance.now();
  const wallS = () => (resume?.wallS ?? 0) + (performance.now() - t0) / 1000;
  const saver = jointSaver(learners);
  let checkpointStep = resume?.step;
  const save = async (state: InteractState) => {
    await saveCheckpoint(runDir, saver, { step: state.step, episodes: state.episodes, interact: state, metricsBytes: metricsBytes(runDir), wallS: wallS(), evalS: 0 });
    checkpointStep = state.step;
  };
  let last: ParallelStepEvent<number, number> | undefined;
  const abort$ = aborted$(o.signal);
  const steps$ = interactParallel(env as ParallelEnv<number, number>, learners, { steps: c.steps, seed: c.seed, ...(resume?.interact && { resume: resume.interact }) }).pipe(
    tap((ev) => {
      last = ev;
    }),
    takeUntil(abort$),
    share(),
  );
  const episodes$ = steps$.pipe(
    filter((e) => e.episodeEnd !== undefined),
    map((e): MetricRecord => ({ kind: 'episode', step: e.step, episode: e.episodes, returns: { ...e.episodeEnd!.returns }, length: e.episodeEnd!.length })),
  );
  // Checkpoints come last, so the records of the step they are taken at are already in the log.
  const checkpoints$ = steps$.pipe(
    checkpoint(c.checkpointEvery, save),
    map((r): MetricRecord => ({ kind: 'checkpoint', ...r })),
  );
  await runRecords(merge(episodes$, checkpoints$), join(runDir, RUN_FILES.metrics), o.sinks?.(c.steps, resume?.step ?? 0) ?? []);
  const step = last?.step ?? resume?.step ?? 0;
  const episodes = last?.episodes ?? resume?.episodes ?? 0;
  if (o.signal?.aborted === true) {
    // The loop stopped right after `last`, so its state is still the one to save.
    if (last?.resumeState && checkpointStep !== last.step) await save(last.resumeState());
    return { runDir, steps: step, episodes, finalReturns: {}, interrupted: true, checkpointStep };
  }
  await saveCheckpoint(runDir, saver, { step, episodes, metricsBytes: metricsBytes(runDir), wallS: wallS(), evalS: 0 }, 'final');
  return reportParallel(runDir, c, env, learners, step, wallS(), checkpointStep, resume?.step);
}

async function reportParallel(runDir: string, c: ParallelRunConfig, env: ParallelEnv<unknown, unknown>, learners: Record<string, Agent<number, number>>, steps: number, wallS: number, checkpointStep: number | undefined, resumedAt: number | undefined): Promise<ParallelRunSummary> {
  const game = env instanceof TabularMarkovGame ? env : undefined;
  const nashConv = game ? markovNashConv(game, greedyJointPolicy(game, c.agents.map((a) => learners[a]!))) : undefined;
  const { finalReturns, episodes } = await writeParallelReport(runDir, { name: basename(runDir), config: c, steps, wallS, ...(nashConv !== undefined && { nashConv }), ...(resumedAt !== undefined && { resumedAt }) });
  return { runDir, steps, episodes, finalReturns, ...(nashConv === undefined ? {} : { nashConv }), interrupted: false, checkpointStep };
}

/**
 * Plays `episodes` greedy episodes (no exploration, no learning) with a multi-agent run's final learners, or its
 * last checkpoint's when it did not finish, and summarizes each agent's returns.
 */
export async function evaluateParallel(runDir: string, episodes: number, seed = FINAL_EVAL_SEED): Promise<{ step: number; agent: 'final' | 'checkpoint'; returns: Record<string, Summary> }> {
  const c = readParallelConfig(runDir);
  const kind = existsSync(join(runDir, RUN_FILES.final)) ? 'final' : 'ckpt';
  const info = await loadCheckpoint(runDir, kind);
  const env = await runEnv(runDir, c);
  const learners = makeLearners(env, c);
  await jointSaver(learners).load(agentDir(runDir, info));
  const ends = await lastValueFrom(
    interactParallel(env as ParallelEnv<number, number>, learners, { seed, explore: false, learn: false }).pipe(
      filter((e) => e.episodeEnd !== undefined),
      take(episodes),
      toArray(),
    ),
  );
  const returns = Object.fromEntries(c.agents.map((a) => [a, summarize(ends.map((e) => e.episodeEnd!.returns[a] ?? 0))]));
  return { step: info.step, agent: kind === 'final' ? 'final' : 'checkpoint', returns };
}

/** The product of each learner's greedy policy (its action with `explore: false` in every state). */
function greedyJointPolicy(game: TabularMarkovGame, learners: readonly Agent<number, number>[]): Float64Array {
  return productPolicy(
    game,
    learners.map((learner, i) => {
      const A = game.numActions[i] as number;
      const pi = new Float64Array(game.S * A);
      for (let s = 0; s < game.S; s++) pi[s * A + learner.act(s, { explore: false })] = 1;
      return pi;
    }),
  );
}

/** Prints a multi-agent run's summary the way `converge train` does; returns the exit code 0. */
export function printParallelRun(io: { out(text: string): void }, s: ParallelRunSummary): number {
  const returns = Object.entries(s.finalReturns).map(([a, r]) => `${a} ${r.toFixed(4)}`).join(', ');
  io.out(
    [
      `trained independent learners for ${s.steps} steps (${s.episodes} episodes) in ${s.runDir}`,
      `  mean return over the last 10% of episodes: ${returns}`,
      ...(s.nashConv === undefined ? [] : [`  NashConv of the greedy joint policy: ${s.nashConv.toPrecision(6)}`]),
      `  report: ${join(s.runDir, RUN_FILES.report)}`,
      '',
    ].join('\n'),
  );
  return 0;
}
