// Child process of the exact-resume tests: trains a run as `converge train` would, and at the first record at or
// after a given step sends itself a signal (SIGKILL: dies on the spot; SIGINT or SIGTERM: stops after a checkpoint).
// argv: <settings JSON> <out> <name> <step> <signal>
import { interruptExitCode, withInterrupt } from '../../src/runner/interrupt.js';
import { train } from '../../src/runner/run.js';
import { resolveTrainConfig, type TrainSettings } from '../../src/runner/train-config.js';
import { selfSignalSink } from './self-signal.js';

const [settings, out, name, at, signal] = process.argv.slice(2) as [string, string, string, string, NodeJS.Signals];
const stopAt = Number(at);
const summary = await withInterrupt((abort) =>
  train(resolveTrainConfig(JSON.parse(settings) as TrainSettings), {
    out,
    name,
    signal: abort,
    sinks: () => [selfSignalSink(stopAt, signal)],
  }).then((s) => ({ s, abort })),
);
process.stdout.write(`${JSON.stringify({ steps: summary.s.result.steps, checkpointStep: summary.s.result.checkpointStep ?? null })}\n`);
process.exitCode = summary.s.result.interrupted ? interruptExitCode(summary.abort) : 0;
