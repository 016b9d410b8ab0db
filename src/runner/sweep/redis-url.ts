import type { RedisOptions } from 'bullmq';
import { InvalidArgumentError } from '../../core/errors.js';

/** The connection options of a Redis URL and its redacted form for messages. */
export interface RedisTarget {
  readonly options: RedisOptions & { host: string; port: number };
  /** The URL with its password replaced by `***`: the only form that is ever printed or logged. */
  readonly redacted: string;
}

/**
 * Parses `redis://[user[:password]@]host[:port][/db]` or `rediss://…` (TLS) into ioredis options: the user and
 * password decoded from the URL, the database from its path, `tls` on for rediss (with the host as the TLS server
 * name, so certificates are checked against it).
 */
export function parseRedisUrl(url: string): RedisTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InvalidArgumentError(`--redis: ${JSON.stringify(redactRedisUrl(url))} is not a URL; use redis://[user:password@]host[:port][/db] or rediss:// for TLS`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new InvalidArgumentError(`--redis: scheme ${JSON.stringify(u.protocol)}; use redis:// or rediss:// (TLS)`);
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1';
  const port = u.port === '' ? 6379 : Number(u.port);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isSafeInteger(db) || db < 0) throw new InvalidArgumentError(`--redis: database ${JSON.stringify(u.pathname.slice(1))}; it must be an integer >= 0`);
  const options: RedisTarget['options'] = {
    host,
    port,
    db,
    ...(u.username !== '' && { username: decodeURIComponent(u.username) }),
    ...(u.password !== '' && { password: decodeURIComponent(u.password) }),
    ...(u.protocol === 'rediss:' && { tls: { servername: host } }),
  };
  return { options, redacted: redactRedisUrl(url) };
}

/** A Redis URL with any password replaced by `***` (also for strings that do not parse). */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
  }
}
