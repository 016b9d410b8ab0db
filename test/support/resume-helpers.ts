import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { RUN_FILES } from '../../src/runner/run-dir.js';
import { readJsonl } from '../../src/runner/sinks/jsonl.js';
import type { TrainSettings } from '../../src/runner/train-config.js';

/**
 * The metrics log without its timing fields. Timings are the fields in seconds, named with an `S` suffix (`evalS`
 * of the eval records); everything else (returns, lengths, losses, learning rates, counters) must match to the bit.
 */
export function metricsWithoutTimings(dir: string): Record<string, unknown>[] {
  return readJsonl(join(dir, RUN_FILES.metrics)).map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !k.endsWith('S'))));
}

/** Runs a child script of the resume tests (under test/support/) with `args`; resolves with its exit code, signal and stdout. */
export function runChild(script: string, args: readonly string[]): Promise<{ code: number | null; signal: string | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join('test', 'support', script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let text = '';
  child.stdout.on('data', (d: Buffer) => void (text += d.toString()));
  return new Promise((resolve) => child.once('close', (code, sig) => resolve({ code, signal: sig, out: text })));
}

/** Runs `train-child.ts` to the first record at or after `stopAt`, where it sends itself `signal`; resolves with its exit code. */
export function trainChild(settings: TrainSettings, out: string, name: string, stopAt: number, signal: 'SIGKILL' | 'SIGINT' | 'SIGTERM'): Promise<{ code: number | null; signal: string | null; out: string }> {
  return runChild('train-child.ts', [JSON.stringify(settings), out, name, String(stopAt), signal]);
}
