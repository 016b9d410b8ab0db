import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Observer } from 'rxjs';
import type { Agent, VectorAgent } from '../core/agent.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { initBackend } from '../core/backend.js';
import { isVectorEnv, type Env, type VectorEnv } from '../core/env.js';
import { InvalidArgumentError, NotFoundError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { getAlgorithm } from './algorithms.js';
import { BEST_DIR, readBest } from './best-model.js';
import { buildEnv, resolveEnvSource, type EnvSource } from './env-source.js';
import { summarize, type Summary } from './report/stats.js';
import { rollout } from './rollout.js';
import { agentDir, loadCheckpoint, RUN_FILES, type CheckpointInfo } from './run-dir.js';
import { writeRunReport } from './run-report.js';
import type { MetricRecord } from './sinks/metric-record.js';
import type { TrainConfig } from './train-config.js';
import { runTraining, type TrainingResult } from './training.js';

/** Seeds the final evaluation, apart from the periodic ones, so it scores starts the agent was never selected on. */
const FINAL_EVAL_SEED = 2_000_003;

/** Options of `train` and `resumeRun`. */
export interface RunOptions {
  /** The folder that holds run directories. Default `runs`. */
  readonly out?: string;
  /** The run's name (its folder under `out`). Default `<algo>-<env>-s<seed>`, numbered if taken. */
  readonly name?: string;
  /** Extra subscribers of the metric records (a progress bar, a printer), given the run's last and first step. */
  readonly sinks?: (totalSteps: number, startStep: number) => Partial<Observer<MetricRecord>>[];
  /** Stops the run between two steps (Ctrl-C): no final evaluation or report; resume it later. */
  readonly signal?: AbortSignal;
}

/** What a finished run reports. */
export interface RunSummary {
  readonly runDir: string;
  readonly config: TrainConfig;
  readonly result: TrainingResult;
  /** The final greedy evaluation; undefined when the run was interrupted. */
  readonly final: Summary | undefined;
}

function defaultName(c: TrainConfig, out: string): string {
  const env = c.env.replace(/^.*[\\/]/, '').replace(/\.(c|m)?[jt]s$/, '').replace(/[^\w.-]+/g, '_');
  const base = `${c.algo}-${env}-s${c.seed}`;
  let name = base;
  for (let k = 2; existsSync(join(out, name)); k++) name = `${base}-${k}`;
  return name;
}

/** Reads `config.json` of a run directory. */
export function readRunConfig(runDir: string): TrainConfig {
  const path = join(runDir, RUN_FILES.config);
  if (!existsSync(path)) throw new NotFoundError(`${runDir} is not a run directory: it has no ${RUN_FILES.config}`);
  return JSON.parse(readFileSync(path, 'utf8')) as TrainConfig;
}

/** The seeds of a run's agent and of its env resets, forked from the run's seed. */
function seedsOfRun(seed: number): { agent: number; env: number } {
  const rng = new Rng(seed);
  return { agent: rng.uint32(), env: rng.uint32() };
}

/** The agent of a config, for the env's spaces. */
function createAgent(c: TrainConfig, env: Env | VectorEnv): Agent | VectorAgent {
  const isVector = isVectorEnv(env);
  return getAlgorithm(c.algo).create({
    observationSpace: isVector ? env.singleObservationSpace : env.observationSpace,
    actionSpace: isVector ? env.singleActionSpace : env.actionSpace,
    hyper: c.hyper,
    seed: seedsOfRun(c.seed).agent,
  });
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
      ...(o.sinks && { sinks: o.sinks(c.steps, resume?.step ?? 0) }),
      ...(o.signal && { signal: o.signal }),
    });
    if (result.interrupted) return { runDir, config: c, result, final: undefined };
    const fin = rollout(evalEnv, agent as Agent, { episodes: c.evalEpisodes, seed: FINAL_EVAL_SEED });
    await writeRunReport(runDir, { name: basename(runDir), config: c, result, finalReturns: fin.returns, ...(resume && { resumedAt: resume.step }) });
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
  const source = await resolveEnvSource(config.env, config.envKwargs, config.maxEpisodeSteps);
  const c: TrainConfig = { ...config, env: source.ref, backend: choice.name };
  const out = o.out ?? 'runs';
  const name = o.name ?? defaultName(c, out);
  const runDir = join(out, name);
  if (existsSync(runDir) && readdirSync(runDir).length > 0) {
    throw new InvalidArgumentError(`run directory ${runDir} already exists; continue it with \`converge resume ${runDir}\` or pick another --name`);
  }
  await writeFileAtomic(join(runDir, RUN_FILES.config), `${JSON.stringify(c, null, 2)}\n`);
  return trainAndReport(runDir, c, source, undefined, o);
}

/**
 * Continues a run from its last checkpoint up to its configured steps, on the backend it was trained with; with the
 * same backend its metrics end as an uninterrupted run's. Returns undefined when the run had already finished.
 */
export async function resumeRun(runDir: string, o: Omit<RunOptions, 'out' | 'name'> = {}): Promise<RunSummary | undefined> {
  const c = readRunConfig(runDir);
  if (existsSync(join(runDir, RUN_FILES.final))) return undefined;
  const ckpt = await loadCheckpoint(runDir);
  await initBackend(c.backend);
  const source = await resolveEnvSource(c.env, c.envKwargs, c.maxEpisodeSteps);
  return trainAndReport(runDir, c, source, ckpt, o);
}

/** Which agent of a run `evaluateRun` played: the final one, the last checkpoint's (unfinished run), or the best one. */
export type EvaluatedAgent = 'final' | 'checkpoint' | 'best';

/**
 * Plays greedy episodes with a run's final agent (or its last checkpoint when it did not finish), or with `best`,
 * the agent of its best greedy evaluation during training (`best/`).
 */
export async function evaluateRun(runDir: string, episodes: number, seed = FINAL_EVAL_SEED, which: 'final' | 'best' = 'final'): Promise<{ summary: Summary; returns: number[]; step: number; agent: EvaluatedAgent }> {
  const c = readRunConfig(runDir);
  const best = which === 'best' ? readBest(runDir) : undefined;
  if (which === 'best' && best === undefined) throw new NotFoundError(`${runDir} has no ${BEST_DIR}/ agent: no greedy evaluation was run yet`);
  const info = best === undefined ? (existsSync(join(runDir, RUN_FILES.final)) ? await loadCheckpoint(runDir, 'final') : await loadCheckpoint(runDir)) : undefined;
  await initBackend(c.backend);
  const source = await resolveEnvSource(c.env, c.envKwargs, c.maxEpisodeSteps);
  const env = source.make();
  const agent = createAgent(c, env);
  try {
    await agent.load(best !== undefined ? join(best.dir, 'agent') : agentDir(runDir, info as CheckpointInfo));
    const r = rollout(env, agent as Agent, { episodes, seed });
    const kind: EvaluatedAgent = best !== undefined ? 'best' : existsSync(join(runDir, RUN_FILES.final)) ? 'final' : 'checkpoint';
    return { summary: summarize(r.returns), returns: r.returns, step: best?.step ?? (info as CheckpointInfo).step, agent: kind };
  } finally {
    agent.dispose?.();
    env.close();
  }
}
