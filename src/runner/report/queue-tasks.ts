import { Queue, QueueEvents } from 'bullmq';
import { StateError } from '../../core/errors.js';
import { DEFAULT_QUEUE } from '../sweep/queue-job.js';
import { checkRedisReachable } from '../sweep/redis-probe.js';
import { parseRedisUrl } from '../sweep/redis-url.js';
import { checkTaskName, isTaskJobResult, taskJobId, type TaskJobData, type TaskJobResult, type TaskRef } from './task-job.js';

/**
 * Runs one task per wire-form argument on `converge worker` processes through the BullMQ queue at `redisUrl`, and
 * returns the results' wire forms in the same order. A job's id is its (notebook, task, args, backend) hash: a task
 * already queued is waited for, one already finished is taken as it is, never run again; a task whose worker dies
 * goes back to the queue for another worker (BullMQ's stalled-job check).
 */
export async function runTasksOnQueue(redisUrl: string, ref: TaskRef, argsList: readonly string[], queueName = DEFAULT_QUEUE): Promise<string[]> {
  const redis = parseRedisUrl(redisUrl);
  checkTaskName(ref.task);
  await checkRedisReachable(redis, queueName);
  const queue = new Queue<TaskJobData, TaskJobResult>(queueName, { connection: redis.options });
  const events = new QueueEvents(queueName, { connection: redis.options });
  queue.on('error', () => undefined);
  events.on('error', () => undefined);
  try {
    await events.waitUntilReady();
    return await Promise.all(
      argsList.map(async (args) => {
        const data: TaskJobData = { v: 1, kind: 'task', ...ref, args };
        const id = taskJobId(data);
        let job = await queue.getJob(id);
        const state = job === undefined ? undefined : await job.getState();
        if (state === 'completed' && isTaskJobResult(job?.returnvalue)) return job.returnvalue.result;
        if (job !== undefined && (state === 'completed' || state === 'failed')) {
          await job.remove();
          job = undefined;
        }
        job ??= await queue.add('task', data, { jobId: id, attempts: 2, backoff: { type: 'fixed', delay: 500 }, removeOnComplete: { age: 3600 }, removeOnFail: { age: 86_400 } });
        let r: unknown;
        try {
          r = await job.waitUntilFinished(events);
        } catch (e) {
          throw new StateError(`task ${ref.task} of notebook ${ref.notebook} with args ${args} failed on the queue at ${redis.redacted}: ${e instanceof Error ? e.message : String(e)}`);
        }
        if (!isTaskJobResult(r)) throw new StateError(`task ${ref.task} of notebook ${ref.notebook}: the worker returned no task result; is it a converge worker of this version?`);
        return r.result;
      }),
    );
  } finally {
    await events.close();
    await queue.close();
  }
}
