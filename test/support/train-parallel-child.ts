// Child process of the multi-agent resume tests: trains a multi-agent run as `converge train --env <game>` would,
// and at the first record at or after a given step sends itself a signal (SIGKILL: dies on the spot; SIGINT or
// SIGTERM: stops after a checkpoint). argv: <options JSON: envRef, envKwargs, algo, steps, seed, checkpointEvery, ...> <out> <name> <step> <signal>
import { interruptExitCode, withInterrupt } from '../../src/runner/interrupt.js';
import { resolveParallelEnv, trainParallel, type ParallelTrainOptions } from '../../src/runner/train-parallel.js';
import { selfSignalSink } from './self-signal.js';

const [options, out, name, at, signal] = process.argv.slice(2) as [string, string, string, string, NodeJS.Signals];
const o = JSON.parse(options) as Omit<ParallelTrainOptions, 'env'>;
const env = await resolveParallelEnv(o.envRef, o.envKwargs);
if (env === undefined) throw new Error(`${o.envRef} is not a multi-agent env`);
const stopAt = Number(at);
const { s, abort } = await withInterrupt((abort) =>
  trainParallel({
    ...o,
    env,
    out,
    name,
    signal: abort,
    sinks: () => [selfSignalSink(stopAt, signal)],
  }).then((s) => ({ s, abort })),
);
process.stdout.write(`${JSON.stringify({ steps: s.steps, checkpointStep: s.checkpointStep ?? null })}\n`);
process.exitCode = s.interrupted ? interruptExitCode(abort) : 0;
