import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';

/** Whether redis-server is installed (the queue tests skip without it). */
export const hasRedis = spawnSync('redis-server', ['--version']).status === 0;

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr !== null ? addr.port : 0));
    });
  });
}

/** A `converge worker` child process and what it printed so far. */
export interface WorkerProc {
  readonly child: ChildProcess;
  readonly log: { text: string };
  readonly exited: Promise<unknown>;
}

/** Starts `converge worker` on `queue` with short locks (a killed worker's job is retried within seconds) and `extra` flags. */
export function startConvergeWorker(url: string, queue: string, extra: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): WorkerProc {
  const args = ['--import', 'tsx', 'src/runner/cli.ts', 'worker', '--redis', url, '--queue', queue, ...extra, '--lock-duration', '1500', '--stalled-interval', '500'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  const log = { text: '' };
  child.stdout?.on('data', (d: Buffer) => void (log.text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => void (log.text += d.toString()));
  return { child, log, exited: new Promise((r) => child.once('exit', r)) };
}

/** Resolves once `cond()` holds, polling; throws after `ms`. */
export async function until(what: string, cond: () => boolean, ms = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Resolves once something accepts TCP connections on `port` of 127.0.0.1. */
export async function untilListening(port: number): Promise<void> {
  for (let k = 0; k < 500; k++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.end();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`nothing listens on port ${port}`);
}

/** A redis-server of its own on a free port of 127.0.0.1 (no persistence), and its URL. */
export async function startRedisServer(password: string): Promise<{ readonly child: ChildProcess; readonly url: string }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', password], { stdio: 'ignore' });
  await untilListening(port);
  return { child, url: `redis://:${password}@127.0.0.1:${port}` };
}
