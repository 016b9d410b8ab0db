import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { filter, lastValueFrom, map, share, tap } from 'rxjs';
import { TabularQAgent } from '../agents/tabular-q.js';
import type { Agent } from '../core/agent.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { InvalidArgumentError, describeValue } from '../core/errors.js';
import type { ParallelEnv } from '../core/parallel-env.js';
import { loadEnvModule } from '../envs/load-env-module.js';
import { isParallelEnvLike } from '../envs/parallel-env-checker.js';
import { markovNashConv } from '../games/markov/evaluation.js';
import { productPolicy } from '../games/markov/joint-policy.js';
import { TabularMarkovGame } from '../games/markov/markov-game.js';
import { isMarkovGameId, makeMarkovGame } from '../games/markov/registry.js';
import { TabularReinforceAgent } from '../policy-gradient/tabular-reinforce.js';
import { isModulePath } from './env-source.js';
import { interactParallel } from './interact-parallel.js';
import { lineChart } from './report/line-chart.js';
import { jsonlSink } from './sinks/jsonl.js';

/** The independent learners `trainParallel` can run, one per agent. */
export const PARALLEL_ALGORITHMS = ['q-learning', 'reinforce'] as const;
export type ParallelAlgorithm = (typeof PARALLEL_ALGORITHMS)[number];

/**
 * The multi-agent environment `--env` names, or undefined when it names a single-agent one: a registered Markov
 * game id, or a module whose env has the Parallel API.
 */
export async function resolveParallelEnv(ref: string): Promise<ParallelEnv<unknown, unknown> | undefined> {
  if (isMarkovGameId(ref)) return makeMarkovGame(ref);
  if (!isModulePath(ref)) return undefined;
  const mod = await loadEnvModule(ref);
  if (mod.source === 'register') return undefined;
  const env: unknown = mod.factory({});
  return isParallelEnvLike(env) ? env : undefined;
}

/** Options of `trainParallel`. */
export interface ParallelTrainOptions {
  readonly env: ParallelEnv<unknown, unknown>;
  /** How the env was named (for the run name and config.json). */
  readonly envRef: string;
  readonly algo?: string;
  readonly steps?: number;
  readonly seed?: number;
  /** Folder of run directories; default `runs`. */
  readonly out?: string;
  readonly name?: string;
  /** Discount of every learner; default the env's `gamma` when it is a `TabularMarkovGame`, else 0.99. */
  readonly gamma?: number;
  /** ε of every Q-learner's ε-greedy behaviour; default 0.1. */
  readonly epsilon?: number;
  /** Step size of every REINFORCE learner; default 0.1. */
  readonly lr?: number;
}

/** What `trainParallel` did. */
export interface ParallelRunSummary {
  readonly runDir: string;
  readonly steps: number;
  readonly episodes: number;
  /** Each agent's mean return over the last tenth of the episodes. */
  readonly finalReturns: Readonly<Record<string, number>>;
  /** NashConv of the learners' greedy joint policy, when the env is a tabular Markov game. */
  readonly nashConv?: number;
}

function discreteSpaces(env: ParallelEnv<unknown, unknown>, agent: string): { S: number; A: number } {
  const obs = env.observationSpace(agent);
  const act = env.actionSpace(agent);
  // By their JSON form, not `instanceof`: a user's module may bring its own copy of the Discrete class.
  const o = obs.toJSON() as { type?: unknown; n?: unknown; start?: unknown };
  const a = act.toJSON() as { type?: unknown; n?: unknown; start?: unknown };
  if (!(o.type === 'Discrete' && a.type === 'Discrete' && o.start === 0 && a.start === 0)) {
    throw new InvalidArgumentError(`train: independent tabular learners need Discrete observation and action spaces starting at 0; agent ${agent} has ${String(obs)} and ${String(act)}`);
  }
  return { S: o.n as number, A: a.n as number };
}

/**
 * Trains independent learners (one per agent, each blind to the others) on a Parallel-API env and writes
 * `<out>/<name>/`: config.json, metrics.jsonl (one line per episode: step and each agent's return), each agent's
 * final state under final/<agent>/, learning-curve.svg and report.md (with the NashConv of the greedy joint policy
 * when the env is a tabular Markov game).
 */
export async function trainParallel(o: ParallelTrainOptions): Promise<ParallelRunSummary> {
  const algo = o.algo ?? 'q-learning';
  if (!(PARALLEL_ALGORITHMS as readonly string[]).includes(algo)) {
    throw new InvalidArgumentError(`train: algorithm ${describeValue(algo)} cannot train a multi-agent env; use one of ${PARALLEL_ALGORITHMS.join(', ')} (independent learners)`);
  }
  const steps = o.steps ?? 20_000;
  const seed = o.seed ?? 0;
  const game = o.env instanceof TabularMarkovGame ? o.env : undefined;
  const gamma = o.gamma ?? game?.gamma ?? 0.99;
  const envName = o.envRef.replace(/^.*[\\/]/, '').replace(/\.[cm]?[jt]s$/, '');
  const runDir = join(o.out ?? 'runs', o.name ?? `${algo}-${envName}-s${seed}`);
  if (existsSync(join(runDir, 'metrics.jsonl'))) await rm(join(runDir, 'metrics.jsonl'));
  const agents: Record<string, Agent<number, number>> = Object.fromEntries(
    o.env.possibleAgents.map((agent, i) => {
      const spaces = discreteSpaces(o.env, agent);
      const learnerSeed = seed * 1000 + i;
      return [agent, algo === 'reinforce' ? new TabularReinforceAgent({ ...spaces, gamma, lr: o.lr ?? 0.1, seed: learnerSeed }) : new TabularQAgent({ ...spaces, gamma, epsilon: o.epsilon ?? 0.1, seed: learnerSeed })];
    }),
  );
  const config = { algo, env: o.envRef, steps, seed, gamma, ...(algo === 'reinforce' ? { lr: o.lr ?? 0.1 } : { epsilon: o.epsilon ?? 0.1 }), agents: o.env.possibleAgents };
  await writeFileAtomic(join(runDir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  const episodesLog: { step: number; returns: Record<string, number> }[] = [];
  const stream = interactParallel(o.env as ParallelEnv<number, number>, agents, { steps, seed }).pipe(share());
  const ends = stream.pipe(
    filter((e) => e.episodeEnd !== undefined),
    map((e) => ({ step: e.step, episode: e.episodes, returns: e.episodeEnd!.returns })),
    tap((r) => episodesLog.push({ step: r.step, returns: { ...r.returns } })),
  );
  const sink = jsonlSink<unknown>(join(runDir, 'metrics.jsonl'));
  ends.subscribe(sink);
  await lastValueFrom(stream, { defaultValue: undefined });
  for (const [agent, learner] of Object.entries(agents)) await learner.save(join(runDir, 'final', agent));
  const tail = episodesLog.slice(Math.floor(episodesLog.length * 0.9));
  const finalReturns = Object.fromEntries(o.env.possibleAgents.map((a) => [a, tail.reduce((s, e) => s + (e.returns[a] ?? 0), 0) / Math.max(1, tail.length)]));
  const nashConv = game ? markovNashConv(game, greedyJointPolicy(game, o.env.possibleAgents.map((a) => agents[a]!))) : undefined;
  await writeParallelReport(runDir, config, episodesLog, finalReturns, nashConv);
  return { runDir, steps, episodes: episodesLog.length, finalReturns, ...(nashConv === undefined ? {} : { nashConv }) };
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

async function writeParallelReport(runDir: string, config: { algo: string; env: string; steps: number; seed: number; agents: readonly string[] }, episodes: readonly { step: number; returns: Record<string, number> }[], finalReturns: Record<string, number>, nashConv: number | undefined): Promise<void> {
  const window = Math.max(1, Math.floor(episodes.length / 100));
  const points = Math.floor(episodes.length / window);
  const series = config.agents.map((agent) => ({
    name: agent,
    x: Array.from({ length: points }, (_, k) => episodes[(k + 1) * window - 1]!.step),
    mean: Array.from({ length: points }, (_, k) => episodes.slice(k * window, (k + 1) * window).reduce((s, e) => s + (e.returns[agent] ?? 0), 0) / window),
  }));
  const plots = points > 0 ? [`![learning curve](learning-curve.svg)`, ''] : [];
  if (points > 0) await writeFileAtomic(join(runDir, 'learning-curve.svg'), await lineChart({ title: `${config.env}: independent ${config.algo}`, xLabel: 'joint steps', yLabel: `episode return (mean of ${window})`, series }));
  const lines = [
    `# ${config.algo} (independent learners) on ${config.env}, seed ${config.seed}`,
    '',
    `${config.steps} joint steps, ${episodes.length} episodes, agents ${config.agents.join(', ')}.`,
    '',
    '| agent | mean return, last 10% of episodes |',
    '|---|---|',
    ...config.agents.map((a) => `| ${a} | ${(finalReturns[a] as number).toFixed(4)} |`),
    '',
    ...(nashConv === undefined ? [] : [`NashConv of the greedy joint policy (exact, on the Markov game's model): ${nashConv.toPrecision(6)}`, '']),
    ...plots,
  ];
  await writeFileAtomic(join(runDir, 'report.md'), `${lines.join('\n')}\n`);
}

/** Prints a multi-agent run's summary the way `converge train` does; returns the exit code 0. */
export function printParallelRun(io: { out(text: string): void }, s: ParallelRunSummary): number {
  const returns = Object.entries(s.finalReturns).map(([a, r]) => `${a} ${r.toFixed(4)}`).join(', ');
  io.out(
    [
      `trained independent learners for ${s.steps} steps (${s.episodes} episodes) in ${s.runDir}`,
      `  mean return over the last 10% of episodes: ${returns}`,
      ...(s.nashConv === undefined ? [] : [`  NashConv of the greedy joint policy: ${s.nashConv.toPrecision(6)}`]),
      `  report: ${join(s.runDir, 'report.md')}`,
      '',
    ].join('\n'),
  );
  return 0;
}
