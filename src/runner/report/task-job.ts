import { createHash } from 'node:crypto';
import { BACKENDS, type BackendName } from '../../core/backend.js';
import { describeValue, InvalidArgumentError } from '../../core/errors.js';
import { canonicalJson } from '../sweep/sweep-file.js';
import { decodeTaskData } from './task-codec.js';
import { isRecord } from '../../core/plain-object.js';

/** A task's name in a notebook's `tasks` table, as a queued job may give it. */
const TASK_NAME = /^[A-Za-z_][\w-]*$/;

/** Which task a queued job asks for: a notebook by name, a task by key, and the parent's backend. */
export interface TaskRef {
  readonly notebook: string;
  readonly task: string;
  readonly backend?: BackendName;
}

/** What a queued notebook-task job carries: names and plain data only (no path, no code, no credential). */
export interface TaskJobData extends TaskRef {
  readonly v: 1;
  readonly kind: 'task';
  /** The arguments' wire form (`encodeTaskData`). */
  readonly args: string;
}

/** What a worker returns for a task job: the result's wire form. */
export interface TaskJobResult {
  readonly result: string;
}

/** Whether a queued job's data is a notebook-task job (else it is a sweep run). */
export function isTaskJobData(data: unknown): boolean {
  return isRecord(data) && data.kind === 'task';
}

/** Whether a finished job's return value is a task result. */
export function isTaskJobResult(x: unknown): x is TaskJobResult {
  return isRecord(x) && typeof x.result === 'string';
}

/**
 * The queue's id of a task job: notebook, task and a hash of (notebook, task, arguments, backend), so the same
 * task with the same arguments is queued, and run, once.
 */
export function taskJobId(d: TaskJobData): string {
  const hash = createHash('sha256').update(canonicalJson({ notebook: d.notebook, task: d.task, args: d.args, backend: d.backend })).digest('hex').slice(0, 24);
  return `task.${d.notebook}.${d.task}.${hash}`;
}

/** Checks a task name as a queued job may carry it. */
export function checkTaskName(task: unknown): string {
  if (typeof task !== 'string' || !TASK_NAME.test(task)) throw new InvalidArgumentError(`task ${describeValue(task)} refused: a task is named by its key in the notebook's tasks table, letters, digits, _ and -`);
  return task;
}

/**
 * Checks the shape of a task job pulled from the queue before anything of it is used: version, a task name,
 * arguments that decode, a known backend. The notebook's name is checked where it is resolved (`resolveNotebookFile`).
 */
export function checkTaskJobData(data: unknown): TaskJobData {
  if (!isRecord(data) || data.v !== 1 || data.kind !== 'task') throw new InvalidArgumentError(`job refused: its data is ${describeValue(data)}, not a converge notebook-task job (version 1)`);
  if (typeof data.notebook !== 'string') throw new InvalidArgumentError(`job refused: notebook is ${describeValue(data.notebook)}`);
  const task = checkTaskName(data.task);
  if (typeof data.args !== 'string') throw new InvalidArgumentError(`job refused: args is ${describeValue(data.args)}, not the wire form of the arguments`);
  try {
    decodeTaskData(data.args);
  } catch (e) {
    throw new InvalidArgumentError(`job refused: args do not decode: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (data.backend !== undefined && !(BACKENDS as readonly unknown[]).includes(data.backend)) throw new InvalidArgumentError(`job refused: backend ${describeValue(data.backend)}; allowed: ${BACKENDS.join(', ')}`);
  return { v: 1, kind: 'task', notebook: data.notebook, task, args: data.args, ...(data.backend !== undefined && { backend: data.backend as BackendName }) };
}
