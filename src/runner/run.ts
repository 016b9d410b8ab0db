import { existsSync, truncateSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import type { Observer } from 'rxjs';
import type { Agent, VectorAgent } from '../core/agent.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { initBackend } from '../core/backend.js';
import { isVectorEnv, type Env, type VectorEnv } from '../core/env.js';
import { CorruptFileError, InvalidArgumentError, NotFoundError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { isConstrainedEnv, type ConstraintSpec } from '../envs/constrained/constrained-env.js';
import { constraintsOf } from './constraints-of.js';
import { getAlgorithm } from './algorithms.js';
import { BEST_DIR, readBest } from './best-model.js';
import { buildEnv, isModulePath, resolveEnvSource, runEnvSource, type EnvSource } from './env-source.js';
import { summarize, type Summary } from './report/stats.js';
import { rollout } from './rollout.js';
import type { EvalRecord } from './operators/evaluate.js';
import { agentDir, checkNewRunDir, loadCheckpoint, readJsonFile, RUN_FILES, type CheckpointInfo } from './run-dir.js';
import { readJsonlTolerant } from './sinks/jsonl.js';
import { writeRunReport } from './run-report.js';
import type { MetricRecord } from './sinks/metric-record.js';
import { checkSettings, type TrainConfig } from './train-config.js';
import { runTraining, type TrainingResult } from './training.js';

/** Seeds the final evaluation, apart from the periodic ones, so it scores starts the agent was never selected on. */
export const FINAL_EVAL_SEED = 2_000_003;

/** Options of `train` and `resumeRun`. */
export interface RunOptions {
  /** The folder that holds run directories. Default `runs`. */
  readonly out?: string;
  /** The run's name (its folder under `out`). Default `<algo>-<env>-s<seed>`; a taken name is refused either way. */
  readonly name?: string;
  /**
   * Extra subscribers of the metric records (a progress bar, a printer), given the run's last and first step and
   * the env's constraints when it is a constrained env.
   */
  readonly sinks?: (totalSteps: number, startStep: number, constraints?: readonly ConstraintSpec[]) => Partial<Observer<MetricRecord>>[];
  /** Stops the run between two steps (Ctrl-C): a checkpoint, no final evaluation or report; resume it later. */
  readonly signal?: AbortSignal;
  /** Told once when a resume starts new episodes (an env without snapshots). */
  readonly warn?: (message: string) => void;
}

/** What a finished run reports. */
export interface RunSummary {
  readonly runDir: string;
  readonly config: TrainConfig;
  readonly result: TrainingResult;
  /** The final greedy evaluation; undefined when the run was interrupted. */
  readonly final: Summary | undefined;
}

function defaultName(c: TrainConfig): string {
  const env = c.env.replace(/^.*[\\/]/, '').replace(/\.(c|m)?[jt]s$/, '').replace(/[^\w.-]+/g, '_');
  return `${c.algo}-${env}-s${c.seed}`;
}

/** Reads `config.json` of a run directory. */
export function readRunConfig(runDir: string): TrainConfig {
  const path = join(runDir, RUN_FILES.config);
  if (!existsSync(path)) throw new NotFoundError(`${runDir} is not a run directory: it has no ${RUN_FILES.config}`);
  const data = readJsonFile(path);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new CorruptFileError(`${path} is damaged: it holds ${JSON.stringify(data)}, not a run's settings`);
  try {
    checkSettings(path, data as Record<string, unknown>);
  } catch (e) {
    throw new CorruptFileError(`${path} is damaged: ${(e as Error).message}`);
  }
  const c = data as TrainConfig;
  for (const k of ['algo', 'env', 'seed', 'steps'] as const) if (c[k] === undefined) throw new CorruptFileError(`${path} is damaged: it has no ${k}`);
  return c;
}

/** The seeds of a run's agent and of its env resets, forked from the run's seed. */
function seedsOfRun(seed: number): { agent: number; env: number } {
  const rng = new Rng(seed);
  return { agent: rng.uint32(), env: rng.uint32() };
}

/**
 * The env source of a run: the config's env (a module path relative to `runDir` when given: config.json stores it
 * so), checked while it runs and encoded for its algorithm.
 */
async function runSource(c: TrainConfig, runDir?: string): Promise<EnvSource> {
  const env = runDir !== undefined && isModulePath(c.env) ? resolve(runDir, c.env) : c.env;
  const source = await resolveEnvSource(env, c.envKwargs, c.maxEpisodeSteps);
  return runEnvSource(source, getAlgorithm(c.algo).oneHotObservations === true);
}

/** Throws `InvalidArgumentError` when the algorithm cannot take the env (its spaces, `nEnvs` copies), before anything is written. */
function refuseUnfit(c: TrainConfig, source: EnvSource): void {
  // Building the env first lets its own errors (a bad kwarg) through as they are.
  const env = buildEnv(source, c.nEnvs);
  try {
    createAgent(c, env).dispose?.();
  } catch (e) {
    if (e instanceof InvalidArgumentError) throw new InvalidArgumentError(`train: --algo ${c.algo} cannot take --env ${c.env}: ${e.message}`);
    throw e;
  } finally {
    env.close();
  }
}

/** The agent of a config, for the env's spaces. */
function createAgent(c: TrainConfig, env: Env | VectorEnv): Agent | VectorAgent {
  const isVector = isVectorEnv(env);
  return getAlgorithm(c.algo).create({
    observationSpace: isVector ? env.singleObservationSpace : env.observationSpace,
    actionSpace: isVector ? env.singleActionSpace : env.actionSpace,
    hyper: c.hyper,
    seed: seedsOfRun(c.seed).agent,
    ...(constraintsOf(env) ? { constraints: constraintsOf(env) } : {}),
  });
}

/** The constraints of an evaluation env and the episodes' costs, as the run report takes them (none when unconstrained). */
function costsOfReport(env: Env, costs: number[][] | undefined): { constraints?: readonly ConstraintSpec[]; finalCosts?: number[][] } {
  return isConstrainedEnv(env) && costs ? { constraints: env.constraints, finalCosts: costs } : {};
}

async function trainAndReport(runDir: string, c: TrainConfig, source: EnvSource, resume: CheckpointInfo | undefined, o: RunOptions): Promise<RunSummary> {
  const env = buildEnv(source, c.nEnvs);
  const agent = createAgent(c, env);
  const evalEnv = source.make();
  try {
    const threshold = c.stopAtThreshold ? source.rewardThreshold : undefined;
    const result = await runTraining({
      runDir,
      env,
      agent,
      evalEnv: source.make,
      schedule: { steps: c.steps, seed: seedsOfRun(c.seed).env, evalEvery: c.evalEvery, evalEpisodes: c.evalEpisodes, checkpointEvery: c.checkpointEvery, logEvery: c.logEvery, ...(threshold !== undefined && { rewardThreshold: threshold }) },
      ...(resume && { resume }),
      ...(o.sinks && { sinks: o.sinks(c.steps, resume?.step ?? 0, constraintsOf(env)) }),
      ...(o.signal && { signal: o.signal }),
      ...(o.warn && { warn: o.warn }),
    });
    if (result.interrupted) return { runDir, config: c, result, final: undefined };
    const fin = rollout(evalEnv, agent as Agent, { episodes: c.evalEpisodes, seed: FINAL_EVAL_SEED });
    await writeRunReport(runDir, { name: basename(runDir), config: c, result, finalReturns: fin.returns, ...costsOfReport(evalEnv, fin.costs), ...(resume && { resumedAt: resume.step }) });
    return { runDir, config: c, result, final: summarize(fin.returns) };
  } finally {
    agent.dispose?.();
    env.close();
    evalEnv.close();
  }
}

/**
 * Trains the config's algorithm on its env in a new run directory `<out>/<name>/`: writes config.json, then
 * metrics, checkpoints, the final agent and report.md with the learning curve. Initializes the tensor backend.
 */
export async function train(config: TrainConfig, o: RunOptions = {}): Promise<RunSummary> {
  const choice = await initBackend(config.backend);
  const source = await runSource(config);
  const c: TrainConfig = { ...config, env: source.ref, backend: choice.name };
  refuseUnfit(c, source);
  const out = o.out ?? 'runs';
  const runDir = join(out, o.name ?? defaultName(c));
  checkNewRunDir(out, runDir);
  // A module's path is stored relative to the run directory, so the run still resumes after both move together.
  const stored: TrainConfig = isModulePath(c.env) ? { ...c, env: relative(runDir, c.env) } : c;
  try {
    await writeFileAtomic(join(runDir, RUN_FILES.config), `${JSON.stringify(stored, null, 2)}\n`);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string' || !['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST'].includes(code)) throw e;
    throw new InvalidArgumentError(`--out ${out}: cannot create the run directory ${runDir} (${code}: ${(e as Error).message})`);
  }
  return trainAndReport(runDir, stored, source, undefined, o);
}

/**
 * Continues a run from its last checkpoint up to its configured steps, on the backend it was trained with; with the
 * same backend its metrics end as an uninterrupted run's. A run stopped before its first checkpoint starts again
 * from step 0. Returns undefined when the run had already finished.
 */
export async function resumeRun(runDir: string, o: Omit<RunOptions, 'out' | 'name'> = {}): Promise<RunSummary | undefined> {
  const c = readRunConfig(runDir);
  if (existsSync(join(runDir, RUN_FILES.final))) return existsSync(join(runDir, RUN_FILES.report)) ? undefined : reportFinishedRun(runDir, c);
  const ckpt = existsSync(join(runDir, RUN_FILES.checkpoint)) ? await loadCheckpoint(runDir) : undefined;
  // From step 0, the records of the stopped segment are taken again.
  const metrics = join(runDir, RUN_FILES.metrics);
  if (!ckpt && existsSync(metrics)) truncateSync(metrics, 0);
  await initBackend(c.backend);
  const source = await runSource(c, runDir);
  return trainAndReport(runDir, c, source, ckpt, o);
}

/** Writes the report of a run whose training finished but whose report was not written (a crash in between). */
async function reportFinishedRun(runDir: string, c: TrainConfig): Promise<RunSummary> {
  const info = await loadCheckpoint(runDir, 'final');
  const fin = await evaluateRun(runDir, c.evalEpisodes);
  const evals = readJsonlTolerant<MetricRecord>(join(runDir, RUN_FILES.metrics)).records.filter((r) => r.kind === 'eval');
  const lastEval = evals.at(-1) as unknown as EvalRecord | undefined;
  const threshold = c.stopAtThreshold ? (await runSource(c, runDir)).rewardThreshold : undefined;
  const trainS = info.wallS - info.evalS;
  const result: TrainingResult = {
    steps: info.step,
    episodes: info.episodes,
    wallS: info.wallS,
    evalS: info.evalS,
    stepsPerSecond: trainS > 0 ? info.step / trainS : 0,
    lastEval,
    solved: threshold !== undefined && lastEval !== undefined && lastEval.mean >= threshold,
    interrupted: false,
    checkpointStep: info.step,
  };
  await writeRunReport(runDir, { name: basename(runDir), config: c, result, finalReturns: fin.returns, ...(fin.constraints && fin.costs && { constraints: fin.constraints, finalCosts: fin.costs }) });
  return { runDir, config: c, result, final: fin.summary };
}

/** Which agent of a run `evaluateRun` played: the final one, the last checkpoint's (unfinished run), or the best one. */
export type EvaluatedAgent = 'final' | 'checkpoint' | 'best';

/**
 * Plays greedy episodes with a run's final agent (or its last checkpoint when it did not finish), or with `best`,
 * the agent of its best greedy evaluation during training (`best/`).
 */
export async function evaluateRun(
  runDir: string,
  episodes: number,
  seed = FINAL_EVAL_SEED,
  which: 'final' | 'best' = 'final',
): Promise<{ summary: Summary; returns: number[]; costs?: number[][]; constraints?: readonly ConstraintSpec[]; step: number; agent: EvaluatedAgent }> {
  const c = readRunConfig(runDir);
  const best = which === 'best' ? readBest(runDir) : undefined;
  if (which === 'best' && best === undefined) throw new NotFoundError(`${runDir} has no ${BEST_DIR}/ agent: no greedy evaluation was run yet`);
  const info = best === undefined ? (existsSync(join(runDir, RUN_FILES.final)) ? await loadCheckpoint(runDir, 'final') : await loadCheckpoint(runDir)) : undefined;
  await initBackend(c.backend);
  const source = await runSource(c, runDir);
  const env = source.make();
  const agent = createAgent(c, env);
  try {
    await agent.load(best !== undefined ? join(best.dir, 'agent') : agentDir(runDir, info as CheckpointInfo));
    const r = rollout(env, agent as Agent, { episodes, seed });
    const kind: EvaluatedAgent = best !== undefined ? 'best' : existsSync(join(runDir, RUN_FILES.final)) ? 'final' : 'checkpoint';
    const costs = isConstrainedEnv(env) && r.costs ? { constraints: env.constraints, costs: r.costs } : {};
    return { summary: summarize(r.returns), returns: r.returns, ...costs, step: best?.step ?? (info as CheckpointInfo).step, agent: kind };
  } finally {
    agent.dispose?.();
    env.close();
  }
}
