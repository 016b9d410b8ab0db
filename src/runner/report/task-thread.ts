/**
 * The entry of a task-pool thread. It imports nothing of the project itself: under tsx, piscina loads this file
 * through tsx's CommonJS hook, and a thread has no ESM hook for the notebook's dynamic import; so it registers
 * tsx's ESM loader first and then loads everything (task code, notebook, tfjs) as ES modules, one module graph,
 * one tfjs engine whose backend the task's numbers depend on.
 */
import type { TaskCall, TaskReply } from './task-call.js';

let ready: Promise<(call: TaskCall) => Promise<TaskReply>> | undefined;

async function load(): Promise<(call: TaskCall) => Promise<TaskReply>> {
  const fromSource = import.meta.url.endsWith('.ts');
  if (fromSource) (await import('tsx/esm/api')).register();
  return (await import(fromSource ? './task-call.ts' : './task-call.js')).runTaskCall;
}

/** Runs one task call on this thread. */
export default async function runOnThread(call: TaskCall): Promise<TaskReply> {
  ready ??= load();
  return (await ready)(call);
}
