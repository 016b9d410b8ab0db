import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Observer } from 'rxjs';
import { Command, CommanderError, InvalidArgumentError as BadFlagValue, Option } from 'commander';
import { BACKENDS, describeBackend, initBackend } from '../core/backend.js';
import { ConvergeError, CorruptFileError, InvalidArgumentError, NotFoundError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { checkEnv } from '../envs/env-checker.js';
import { CheckOutputs } from '../envs/wrappers/check-outputs.js';
import { loadEnvModule } from '../envs/load-env-module.js';
import { isParallelEnvLike } from '../envs/parallel-env-checker.js';
import { reportParallelCheck } from './check-parallel.js';
import { evaluateParallel, isParallelRun, PARALLEL_ALGORITHMS, parallelHyper, printParallelRun, resolveParallelEnv, resumeParallel, trainParallel, type ParallelRunOptions, type ParallelRunSummary } from './train-parallel.js';
import { listEnvs } from '../envs/registry.js';
import { listMarkovGames } from '../games/markov/registry.js';
import { algorithmNames, getAlgorithm } from './algorithms.js';
import { isModulePath, resolveEnvSource } from './env-source.js';
import { interruptExitCode, withInterrupt } from './interrupt.js';
import { isMainModule } from './is-main-module.js';
import { parseKeyValues } from './key-values.js';
import { meanPerConstraint } from './operators/evaluate.js';
import { RandomAgent } from './random-agent.js';
import { packageNotebooksDir, resolveNotebookFile } from './report/notebook-files.js';
import { addReproduceFlags, runReproduce, type Reproduce, type ReproduceFlags } from './report/notebook.js';
import { summarize, type Summary } from './report/stats.js';
import { rollout } from './rollout.js';
import { RUN_FILES } from './run-dir.js';
import { evaluateRun, resumeRun, train, type RunSummary } from './run.js';
import type { MetricRecord } from './sinks/metric-record.js';
import { formatCosts, progressSink } from './sinks/progress.js';
import type { ConstraintSpec } from '../envs/constrained/constrained-env.js';
import { addSweepCommands } from './sweep/commands.js';
import { readSettingsFile, resolveTrainConfig, type TrainSettings } from './train-config.js';

/** Where the CLI writes; tests pass their own to read the output. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** Draw a progress bar (stderr is a terminal). */
  readonly interactive: boolean;
}

const processIO: CliIO = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  interactive: process.stderr.isTTY === true,
};

/** Exit codes: success, a failure while running, a usage error (bad flag, value or name). */
const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** A commander parser of integer flags >= `min`. */
function integer(min: number): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isSafeInteger(n) || n < min) throw new BadFlagValue(`must be an integer >= ${min}, got ${JSON.stringify(v)}`);
    return n;
  };
}

function fmtSummary(s: Summary): string {
  return `${s.mean.toFixed(2)} ± ${s.stderr.toFixed(2)} (stderr; min ${s.min.toFixed(1)}, median ${s.median.toFixed(1)}, max ${s.max.toFixed(1)}, n ${s.n})`;
}

/** The sinks of a CLI run: a progress bar on a terminal, else one line per evaluation. */
function runSinks(io: CliIO, progress: boolean): (total: number, start: number, constraints?: readonly ConstraintSpec[]) => Partial<Observer<MetricRecord>>[] {
  return (total, start, constraints) => (progress && io.interactive ? [progressSink({ total, start, ...(constraints && { constraints }) })] : [evalPrinter(io, constraints)]);
}

/** Prints one line per evaluation (with its mean cost against each budget on a constrained env). */
function evalPrinter(io: CliIO, constraints?: readonly ConstraintSpec[]): Partial<Observer<MetricRecord>> {
  return {
    next: (r) => {
      if (r.kind !== 'eval') return;
      const costs = constraints && Array.isArray(r['meanCosts']) ? `, cost ${formatCosts(constraints, r['meanCosts'] as number[])}` : '';
      io.out(`step ${r.step}: greedy evaluation ${(r['mean'] as number).toFixed(2)} ± ${(r['std'] as number).toFixed(2)}${costs}\n`);
    },
  };
}

/** Runs a training run that SIGINT or SIGTERM stops after a checkpoint; prints how it went and returns the exit code. */
async function runInterruptible(io: CliIO, run: (signal: AbortSignal, warn: (message: string) => void) => Promise<RunSummary | undefined>): Promise<number | undefined> {
  const warn = (m: string) => io.err(`converge: warning: ${m}\n`);
  let stopped: AbortSignal | undefined;
  const s = await withInterrupt((signal) => {
    stopped = signal;
    return run(signal, warn);
  });
  if (s === undefined) return undefined;
  if (s.final !== undefined) return printRun(io, s, s.final);
  return printInterrupted(io, s.runDir, s.result.steps, s.result.checkpointStep, stopped as AbortSignal);
}

/** Says where a stopped run stands and how to continue it; returns the exit code of the signal. */
function printInterrupted(io: CliIO, runDir: string, steps: number, at: number | undefined, signal: AbortSignal): number {
  io.err(
    `\ninterrupted at step ${steps}; ` +
      (at === undefined ? `no checkpoint yet: converge resume ${runDir} starts it again from step 0\n` : `checkpoint at step ${at}; continue with: converge resume ${runDir}\n`),
  );
  return interruptExitCode(signal);
}

/** A multi-agent run that SIGINT or SIGTERM stops after a checkpoint; prints how it went and returns the exit code. */
async function runParallelInterruptible(io: CliIO, progress: boolean, run: (o: ParallelRunOptions) => Promise<ParallelRunSummary | undefined>): Promise<number | undefined> {
  let stopped: AbortSignal | undefined;
  const sinks = (total: number, start: number) => (progress && io.interactive ? [progressSink({ total, start })] : []);
  const s = await withInterrupt((signal) => {
    stopped = signal;
    return run({ signal, sinks });
  });
  if (s === undefined) return undefined;
  return s.interrupted ? printInterrupted(io, s.runDir, s.steps, s.checkpointStep, stopped as AbortSignal) : printParallelRun(io, s);
}

/** Prints how a finished run went and returns the exit code. */
function printRun(io: CliIO, s: RunSummary, final: Summary): number {
  const r = s.result;
  io.out(
    [
      `run ${s.runDir}: ${s.config.algo} on ${isModulePath(s.config.env) ? relative('.', resolve(s.runDir, s.config.env)) : s.config.env}, backend ${describeBackend()}, seed ${s.config.seed}`,
      `  ${r.steps} steps, ${r.episodes} episodes, ${r.wallS.toFixed(1)} s wall-clock (evaluation ${r.evalS.toFixed(1)} s), ${r.stepsPerSecond.toFixed(0)} steps/s`,
      ...(r.solved && r.lastEval ? [`  solved: evaluation at step ${r.lastEval.step} reached the reward threshold`] : []),
      `  final greedy evaluation: ${fmtSummary(final)}`,
      `  report: ${join(s.runDir, RUN_FILES.report)}`,
      '',
    ].join('\n'),
  );
  return EXIT.ok;
}

interface TrainFlags {
  algo?: string;
  env?: string;
  config?: string;
  hyperparams?: string[];
  envKwargs?: string[];
  seed?: number;
  steps?: number;
  nEnvs?: number;
  backend?: string;
  out: string;
  name?: string;
  evalEvery?: number;
  evalEpisodes?: number;
  checkpointEvery?: number;
  maxEpisodeSteps?: number;
  stopAtThreshold?: boolean;
  progress: boolean;
}

/** The `train` flags of single-agent runs only, with their spelling on the command line. */
const MULTI_AGENT_UNUSED_FLAGS: readonly (readonly [keyof TrainFlags, string])[] = [
  ['config', '--config'],
  ['nEnvs', '--n-envs'],
  ['backend', '--backend'],
  ['evalEvery', '--eval-every'],
  ['evalEpisodes', '--eval-episodes'],
  ['maxEpisodeSteps', '--max-episode-steps'],
  ['stopAtThreshold', '--stop-at-threshold'],
];

async function trainCommand(f: TrainFlags, io: CliIO): Promise<number> {
  const envKwargs = f.envKwargs === undefined ? {} : parseKeyValues('--env-kwargs', f.envKwargs);
  const parallel = f.env === undefined ? undefined : await resolveParallelEnv(f.env, envKwargs);
  if (parallel) {
    // Flags a multi-agent run has no use for are refused, not dropped: a user who asks for them gets what they asked or an error.
    const unused = MULTI_AGENT_UNUSED_FLAGS.filter(([key]) => f[key] !== undefined).map(([, flag]) => flag);
    if (unused.length > 0) {
      throw new InvalidArgumentError(`${unused.join(', ')}: ${unused.length === 1 ? 'does' : 'do'} not apply to a multi-agent run (${f.env as string}); its flags are --algo, --hyperparams, --env-kwargs, --seed, --steps, --out, --name, --checkpoint-every`);
    }
    const hyper = parallelHyper(f.algo ?? 'q-learning', f.hyperparams === undefined ? {} : parseKeyValues('--hyperparams', f.hyperparams));
    const o = { env: parallel, envRef: f.env as string, envKwargs, ...hyper, algo: f.algo, steps: f.steps, seed: f.seed, out: f.out, name: f.name, checkpointEvery: f.checkpointEvery };
    return (await runParallelInterruptible(io, f.progress, (run) => trainParallel({ ...o, ...run }))) ?? EXIT.ok;
  }
  const file = f.config === undefined ? {} : readSettingsFile(f.config);
  const flags: TrainSettings = {};
  if (f.algo !== undefined) flags.algo = f.algo;
  if (f.env !== undefined) flags.env = f.env;
  if (f.seed !== undefined) flags.seed = f.seed;
  if (f.steps !== undefined) flags.steps = f.steps;
  if (f.nEnvs !== undefined) flags.nEnvs = f.nEnvs;
  if (f.backend !== undefined) flags.backend = f.backend as TrainSettings['backend'];
  if (f.evalEvery !== undefined) flags.evalEvery = f.evalEvery;
  if (f.evalEpisodes !== undefined) flags.evalEpisodes = f.evalEpisodes;
  if (f.checkpointEvery !== undefined) flags.checkpointEvery = f.checkpointEvery;
  if (f.maxEpisodeSteps !== undefined) flags.maxEpisodeSteps = f.maxEpisodeSteps;
  if (f.stopAtThreshold !== undefined) flags.stopAtThreshold = f.stopAtThreshold;
  if (f.hyperparams !== undefined) flags.hyper = parseKeyValues('--hyperparams', f.hyperparams);
  if (f.envKwargs !== undefined) flags.envKwargs = envKwargs;
  const config = resolveTrainConfig(file, flags);
  const code = await runInterruptible(io, (signal, warn) => train(config, { out: f.out, ...(f.name !== undefined && { name: f.name }), sinks: runSinks(io, f.progress), signal, warn }));
  return code ?? EXIT.ok;
}

/** `converge hyperparams <algo>`: the algorithm's table, one line per setting. */
async function hyperparamsCommand(algo: string, io: CliIO): Promise<number> {
  const lines = getAlgorithm(algo).hyperparameters?.();
  if (lines === undefined) {
    io.out(`${algo}: its hyperparameters have no help table yet\n`);
    return 0;
  }
  io.out(`${algo} hyperparameters (converge train --algo ${algo} --hyperparams key=value ...):\n`);
  for (const line of lines) io.out(`  ${line}\n`);
  return 0;
}

async function envsCommand(f: { env: string; episodes: number; seed: number }, io: CliIO): Promise<number> {
  const specs = listEnvs();
  const width = Math.max(...specs.map((s) => s.id.length));
  io.out(`${specs.length} registered environments (converge train --env <id>):\n`);
  for (const s of specs) {
    io.out(`  ${s.id.padEnd(width)}  max steps ${String(s.maxEpisodeSteps ?? '-').padStart(5)}  reward threshold ${s.rewardThreshold ?? '-'}\n`);
  }
  const games = listMarkovGames();
  io.out(`${games.length} Markov games, multi-agent (converge train --env <id> --algo ${PARALLEL_ALGORITHMS.join('|')}):\n`);
  const gameWidth = Math.max(...games.map((g) => g.id.length));
  for (const g of games) io.out(`  ${g.id.padEnd(gameWidth)}  ${g.summary}\n`);
  io.out(`tensor backend: ${describeBackend(await initBackend())}\n`);
  const source = await resolveEnvSource(f.env);
  // Checked as in training, so a broken env gives a message rather than a stack or NaN statistics.
  const env = new CheckOutputs(source.make());
  try {
    const r = rollout(env, new RandomAgent(env.actionSpace, new Rng(f.seed)), { episodes: f.episodes, seed: f.seed });
    io.out(`\nrandom policy on ${f.env}, ${f.episodes} episodes:\n  return ${fmtSummary(summarize(r.returns))}\n  length ${fmtSummary(summarize(r.lengths))}\n`);
  } finally {
    env.close();
  }
  return EXIT.ok;
}

async function checkCommand(path: string, io: CliIO): Promise<number> {
  const mod = await loadEnvModule(path);
  const env = mod.factory({});
  try {
    if (isParallelEnvLike(env)) return reportParallelCheck(path, env, io) ? EXIT.ok : EXIT.failed;
    const { ok, problems } = checkEnv(env);
    const from = mod.source === 'register' ? `registered ids ${mod.ids.join(', ')}` : mod.source === 'default' ? 'default export' : 'createEnv';
    if (ok) {
      io.out(`${path}: ok (${from}; observation space ${String(env.observationSpace)}, action space ${String(env.actionSpace)})\n`);
      return EXIT.ok;
    }
    io.err(`${path}: ${problems.length} problem${problems.length === 1 ? '' : 's'} (${from}):\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return EXIT.failed;
  } finally {
    env.close();
  }
}

async function reproduceCommand(name: string, f: ReproduceFlags, io: CliIO): Promise<number> {
  const file = resolveNotebookFile(packageNotebooksDir(), name);
  const mod = (await import(pathToFileURL(file).href)) as { reproduce?: unknown };
  if (typeof mod.reproduce !== 'function') throw new InvalidArgumentError(`notebook ${file} does not export reproduce(opts)`);
  const outDir = await runReproduce(mod.reproduce as Reproduce, name, f);
  io.out(`report written to ${join(outDir, 'report.md')}\n`);
  return EXIT.ok;
}

/** The version in converge-rl's package.json, found above this file (src/runner/ from source, dist/src/runner/ built). */
function packageVersion(): string {
  for (let dir = new URL('.', import.meta.url); ; dir = new URL('..', dir)) {
    const file = new URL('package.json', dir);
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'converge-rl' && pkg.version !== undefined) return pkg.version;
    }
    if (dir.pathname === '/') return 'unknown';
  }
}

/** Builds the command tree; each action stores its exit code in `result`. */
function program(io: CliIO, result: { code: number }): Command {
  const set = (p: Promise<number>) => p.then((c) => void (result.code = c));
  const cmd = new Command('converge')
    .description('converge-rl: train, evaluate and resume reinforcement-learning agents; reproduce papers')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(add --help for usage)')
    .version(packageVersion(), '-V, --version', 'print the converge-rl version');
  cmd
    .command('train')
    .description('train an agent; writes runs/<name>/ with config, metrics, checkpoints and report.md')
    .option('--algo <name>', `algorithm: ${algorithmNames().join(', ')} (default dqn)`)
    .option('--env <id|path>', 'a registered env id (see `converge envs`), a Markov game id (e.g. RepeatedStagHunt-v0), or the path of a module exporting an env')
    .option('--config <file>', 'settings file, .json or .yaml (flags override it)')
    .option('--hyperparams <key=value...>', "the algorithm's hyperparameters, over its preset and the config file's (values read as YAML: 1e-3, true, [64,64])")
    .option('--env-kwargs <key=value...>', "arguments of the env's factory, over the config file's (values read as YAML)")
    .option('--seed <n>', 'seed of the agent and the env resets (default 0)', integer(0))
    .option('--steps <n>', 'environment steps (default: the preset of the algorithm for the env); exactly n with one env, at least n with --n-envs above 1 (the last step of all copies may pass n, as in Stable-Baselines3)', integer(1))
    .option('--n-envs <n>', 'copies of the env stepped together (default 1)', integer(1))
    .addOption(new Option('--backend <name>', 'tensor backend (default: tensorflow when @tensorflow/tfjs-node is installed, else webgpu on a hardware GPU adapter, else wasm, else cpu)').choices(BACKENDS))
    .option('--out <dir>', 'folder of run directories', 'runs')
    .option('--name <name>', 'run name (default <algo>-<env>-s<seed>); a name already taken is refused, default or not: resume that run or pick another')
    .option('--eval-every <n>', 'steps between greedy evaluations (default 2000)', integer(1))
    .option('--eval-episodes <n>', 'episodes per evaluation (default 10)', integer(1))
    .option('--checkpoint-every <n>', 'steps between checkpoints (default 10000)', integer(1))
    .option('--max-episode-steps <n>', 'time limit of an episode (default: the registered one; none for a module)', integer(1))
    .option('--stop-at-threshold', "stop once an evaluation reaches the env's reward threshold")
    .option('--no-progress', 'no progress bar (print one line per evaluation)')
    .action((f: TrainFlags) => set(trainCommand(f, io)));
  cmd
    .command('resume')
    .description('continue a run from its last checkpoint (same backend: same metrics as an uninterrupted run)')
    .argument('<run>', 'run directory, e.g. runs/dqn-CartPole-v1-s0')
    .option('--no-progress', 'no progress bar')
    .action((run: string, f: { progress: boolean }) =>
      set(
        (async () => {
          const code = isParallelRun(run)
            ? await runParallelInterruptible(io, f.progress, (o) => resumeParallel(run, o))
            : await runInterruptible(io, (signal, warn) => resumeRun(run, { sinks: runSinks(io, f.progress), signal, warn }));
          if (typeof code === 'number') return code;
          io.out(`${run}: the run has finished; nothing to resume\n`);
          return EXIT.ok;
        })(),
      ),
    );
  cmd
    .command('eval')
    .description("play greedy episodes with a run's final agent (or its last checkpoint), or with --best its best one")
    .argument('<run>', 'run directory')
    .option('--episodes <n>', 'episodes to play', integer(1), 10)
    .option('--seed <n>', 'seed of the episode starts', integer(0))
    .option('--best', 'the agent of the best greedy evaluation during training (best/) instead of the final one')
    .action((run: string, f: { episodes: number; seed?: number; best?: boolean }) =>
      set(
        (async () => {
          if (isParallelRun(run)) {
            if (f.best === true) throw new InvalidArgumentError(`--best: ${run} is a multi-agent run, which keeps no best agent; evaluate its final learners without --best`);
            const p = await evaluateParallel(run, f.episodes, f.seed);
            const lines = Object.entries(p.returns).map(([a, s]) => `  ${a}: ${fmtSummary(s)}\n`);
            io.out(`${run} (${p.agent} learners at step ${p.step}), ${f.episodes} greedy episodes:\n${lines.join('')}`);
            return EXIT.ok;
          }
          const r = await evaluateRun(run, f.episodes, f.seed, f.best === true ? 'best' : 'final');
          io.out(`${run} (${r.agent} agent at step ${r.step}), ${f.episodes} greedy episodes: ${fmtSummary(r.summary)}\n`);
          if (r.constraints && r.costs) io.out(`  mean cost against budget: ${formatCosts(r.constraints, meanPerConstraint(r.costs))}\n`);
          return EXIT.ok;
        })(),
      ),
    );
  cmd
    .command('hyperparams')
    .description("list an algorithm's hyperparameters: default, allowed values, meaning (for --hyperparams)")
    .argument('<algo>', `algorithm: ${algorithmNames().join(', ')}`)
    .action((algo: string) => set(hyperparamsCommand(algo, io)));
  cmd
    .command('envs')
    .description('list the registered environments and Markov games, and roll out a random policy')
    .option('--env <id|path>', 'env for the random rollout', 'CartPole-v1')
    .option('--episodes <n>', 'episodes of the random rollout', integer(1), 20)
    .option('--seed <n>', 'seed', integer(0), 0)
    .action((f: { env: string; episodes: number; seed: number }) => set(envsCommand(f, io)));
  cmd
    .command('check')
    .description("check that a module's environment keeps the Env contract (or the Parallel API, for a multi-agent env)")
    .argument('<module>', 'path of a .js or .ts module exporting an env (default export, createEnv, or register())')
    .action((path: string) => set(checkCommand(path, io)));
  addReproduceFlags(
    cmd
      .command('reproduce')
      .description('run a paper-reproduction notebook and write its report (default reports/<notebook>/; with --quick, runs/reproduce-<notebook>-quick/)')
      .argument('<notebook>', 'notebook name, e.g. the file name in notebooks/ without extension'),
  ).action((name: string, f: ReproduceFlags) => set(reproduceCommand(name, f, io)));
  addSweepCommands(cmd, io, set, integer);
  return cmd;
}

/**
 * The `converge` command: parses `argv` (without node and the script) and runs it. Returns the exit code: 0 on
 * success, 1 when the run fails (or `check` finds problems, or the env breaks its contract), 2 on a usage error
 * (unknown flag or command, bad value, unknown algorithm, env or notebook, an env the algorithm cannot take) or a
 * damaged run file (named), with a message on stderr; 130 (SIGINT, Ctrl-C) or 143 (SIGTERM) when a signal
 * stopped a run after writing a checkpoint (resumable).
 */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const result = { code: EXIT.ok as number };
  try {
    await program(io, result).parseAsync(argv, { from: 'user' });
    return result.code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (e instanceof InvalidArgumentError || e instanceof NotFoundError || e instanceof CorruptFileError) {
      io.err(`converge: ${e.message}\n`);
      return EXIT.usage;
    }
    io.err(`converge: ${e instanceof ConvergeError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT.failed;
  }
}

// Run directly (`npx tsx src/runner/cli.ts ...`, as `npm run notebook` does), not only through bin/converge.js.
if (isMainModule(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
