import type { ChildProcess } from 'node:child_process';
import { Queue, QueueEvents } from 'bullmq';
import { expect } from 'chai';
import { initBackend } from '../../src/core/backend.js';
import { runTasks } from '../../src/runner/report/notebook-tasks.js';
import { DEFAULT_QUEUE } from '../../src/runner/sweep/queue-job.js';
import { RedisUnreachableError } from '../../src/runner/sweep/redis-probe.js';
import { parseRedisUrl } from '../../src/runner/sweep/redis-url.js';
import { hasRedis, startConvergeWorker, startRedisServer, until, type WorkerProc } from './redis-support.js';
import { cli } from './sweep-support.js';

const NOTEBOOK = new URL('../fixtures/notebooks/tiny-tasks.ts', import.meta.url).href;
const FIXTURES = new URL('../fixtures/notebooks/', import.meta.url).pathname;
const PASSWORD = 'n0tebook-s3cret';
const serial = { quick: true, outDir: 'unused' };

describe("runTasks --redis: a notebook's tasks on converge worker processes", function () {
  this.timeout(120_000);
  let redis: ChildProcess | undefined;
  let url = '';
  const workers: WorkerProc[] = [];
  const worker = async (): Promise<WorkerProc> => {
    const w = startConvergeWorker(url, DEFAULT_QUEUE, ['--notebooks', FIXTURES, '--workers', '2']);
    workers.push(w);
    await until('the worker to start', () => w.log.text.includes('worker on'));
    return w;
  };
  before(async function () {
    if (!hasRedis) {
      console.log('    redis-server not installed (apt-get install redis-server): skipping the queue tests');
      this.skip();
    }
    ({ child: redis, url } = await startRedisServer(PASSWORD));
  });
  after(async () => {
    for (const w of workers) {
      w.child.kill('SIGKILL');
      await w.exited;
    }
    redis?.kill();
  });

  it('gives the serial results (NaN, ±Infinity, −0, a tensor task on the same backend) and runs a task once', async () => {
    const w = await worker();
    await initBackend('wasm');
    const args = [5, 2, 5].map((seed) => ({ seed, n: 4 }));
    const queued = { ...serial, redis: url };
    expect(await runTasks(queued, NOTEBOOK, 'draws', args)).to.deep.equal(await runTasks(serial, NOTEBOOK, 'draws', args));
    const t = [{ seed: 3 }];
    expect(await runTasks(queued, NOTEBOOK, 'tensor', t)).to.deep.equal(await runTasks(serial, NOTEBOOK, 'tensor', t));
    const ran = (w.log.text.match(/: task draws of notebook tiny-tasks/g) ?? []).length;
    expect(ran).to.equal(2);
    // Asked again: the finished jobs answer; nothing runs twice.
    expect(await runTasks(queued, NOTEBOOK, 'draws', args)).to.have.length(3);
    expect((w.log.text.match(/: task draws of notebook tiny-tasks/g) ?? []).length).to.equal(ran);
    expect(w.log.text).to.not.include(PASSWORD);
  });

  it('a worker refuses a notebook outside its folder and a task not in the table, without retrying', async () => {
    const w = workers[0] ?? (await worker());
    const target = parseRedisUrl(url);
    const queue = new Queue(DEFAULT_QUEUE, { connection: target.options });
    const events = new QueueEvents(DEFAULT_QUEUE, { connection: target.options });
    try {
      await events.waitUntilReady();
      const bad = [
        [{ v: 1, kind: 'task', notebook: '../../src/index', task: 'draws', args: '{}' }, /notebook "..\/..\/src\/index" refused/],
        [{ v: 1, kind: 'task', notebook: 'tiny-tasks', task: 'constructor', args: '{}' }, /no task "constructor"/],
        [{ v: 1, kind: 'task', notebook: 'tiny-tasks', task: 'draws', args: '{"~":"rm -rf"}' }, /args do not decode/],
      ] as const;
      for (const [data, msg] of bad) {
        const job = await queue.add('task', data, { attempts: 3 });
        const e = await job.waitUntilFinished(events).then(() => undefined, (x: unknown) => x);
        expect((e as Error).message).to.match(msg);
        expect((await queue.getJob(job.id as string))?.attemptsMade).to.equal(1);
      }
      expect(w.log.text).to.match(/refused: notebook "..\/..\/src\/index" refused/);
    } finally {
      await events.close();
      await queue.close();
    }
  });

  it('a worker killed (SIGKILL) mid-task leaves the task to another, with the same result', async () => {
    for (const w of workers.splice(0)) {
      w.child.kill('SIGKILL');
      await w.exited;
    }
    const a = await worker();
    const result = runTasks({ ...serial, redis: url }, NOTEBOOK, 'slow', [{ ms: 4000, seed: 9 }]);
    await until('worker a to take the task', () => a.log.text.includes('task slow of notebook tiny-tasks (attempt 1)'));
    a.child.kill('SIGKILL');
    await a.exited;
    const b = await worker();
    expect(await result).to.deep.equal([{ seed: 9, inf: -Infinity }]);
    expect(b.log.text).to.include('task slow of notebook tiny-tasks');
  });

  it('an unreachable Redis is a clear error, and no password is printed', async () => {
    const e = await runTasks({ ...serial, redis: 'redis://:hunter2@127.0.0.1:1' }, NOTEBOOK, 'draws', [{ seed: 0, n: 1 }]).then(() => undefined, (x: unknown) => x);
    expect(e).to.be.instanceOf(RedisUnreachableError);
    expect((e as Error).message).to.match(/cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1/);
    const r = await cli('reproduce', 'q-learning-replay', '--quick', '--redis', 'redis://:hunter2@127.0.0.1:1');
    expect(r.code).to.equal(1);
    expect(r.err).to.match(/cannot reach Redis/);
    expect(r.out + r.err).to.not.include('hunter2');
    const z = await cli('reproduce', 'q-learning-replay', '--quick', '--workers', '0');
    expect(z.code).to.equal(2);
    expect(z.err).to.match(/--workers.*must be an integer from 1 to 256, got "0"/);
    const both = await cli('reproduce', 'q-learning-replay', '--quick', '--workers', '2', '--redis', url);
    expect(both.code).to.equal(2);
    expect(both.err).to.match(/--workers and --redis: give one/);
  });
});
