import { Piscina } from 'piscina';
import { InvalidArgumentError } from '../core/errors.js';

/**
 * A piscina pool of up to `threads` worker threads running the module `<stem>.ts` (under tsx) or `<stem>.js`
 * (compiled) beside `callerUrl`. Threads start on demand and stop after a second idle, so an idle pool does not
 * keep the process alive; each thread has its own module graph, hence its own tfjs engine and backend.
 */
export function threadPool(callerUrl: string, stem: string, threads: number): Piscina {
  if (!Number.isSafeInteger(threads) || threads < 1) throw new InvalidArgumentError(`workers is ${threads}; it must be an integer >= 1`);
  const ext = callerUrl.endsWith('.ts') ? 'ts' : 'js';
  return new Piscina({
    filename: new URL(`./${stem}.${ext}`, callerUrl).href,
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: 1000,
    atomics: 'disabled',
  });
}
