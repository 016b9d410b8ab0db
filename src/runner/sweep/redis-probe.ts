import { Queue } from 'bullmq';
import { ConvergeError } from '../../core/errors.js';
import type { RedisTarget } from './redis-url.js';

/**
 * Connects once without retrying and fails with a clear error when the server cannot be reached or refuses the
 * credentials (the queue's own connections retry for ever, which would hang a sweep on a typo).
 */
export async function checkRedisReachable(target: RedisTarget, queueName: string): Promise<void> {
  const probe = new Queue(queueName, { connection: { ...target.options, retryStrategy: () => null, enableOfflineQueue: false, connectTimeout: 5000, maxRetriesPerRequest: 1 } });
  probe.on('error', () => undefined);
  try {
    await probe.waitUntilReady();
  } catch (e) {
    throw new RedisUnreachableError(`cannot reach Redis at ${target.redacted}: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    await probe.close().catch(() => undefined);
  }
}

/** Redis could not be reached or refused the connection. */
export class RedisUnreachableError extends ConvergeError {
  static override readonly errorCode = 'ERR_REDIS_UNREACHABLE';
  constructor(message: string) {
    super(message, RedisUnreachableError.errorCode);
  }
}
