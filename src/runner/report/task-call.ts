import { pathToFileURL } from 'node:url';
import { initBackend, type BackendName } from '../../core/backend.js';
import { decodeTaskData, encodeTaskData } from './task-codec.js';
import { loadTask } from './notebook-tasks.js';
import { resolveNotebookFile } from './notebook-files.js';

/** One task for a thread: the notebook by name in a notebooks folder, the task by key, its arguments on the wire. */
export interface TaskCall {
  readonly notebooksDir: string;
  readonly notebook: string;
  readonly task: string;
  /** The arguments' wire form (`encodeTaskData`). */
  readonly args: string;
  /** The parent's tensor backend, so a task's numbers equal those of a serial run. */
  readonly backend?: BackendName;
}

/** How a task ended: its result's wire form, refused (no such notebook or task: retrying cannot help), or failed. */
export type TaskReply = { readonly ok: string } | { readonly refused: string } | { readonly failed: string };

/**
 * Runs one notebook task (in a pool thread, `task-thread`, or a test). Errors come back as messages, since an
 * Error's class does not survive the crossing between threads.
 */
export async function runTaskCall(call: TaskCall): Promise<TaskReply> {
  let fn: (args: unknown) => unknown;
  try {
    fn = await loadTask(pathToFileURL(resolveNotebookFile(call.notebooksDir, call.notebook)).href, call.task);
  } catch (e) {
    return { refused: e instanceof Error ? e.message : String(e) };
  }
  try {
    if (call.backend !== undefined) await initBackend(call.backend);
    return { ok: encodeTaskData(await fn(decodeTaskData(call.args)), `result of task ${call.task}`) };
  } catch (e) {
    return { failed: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}
