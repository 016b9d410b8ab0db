import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { expect } from 'chai';
import { RUN_FILES } from '../../src/runner/run-dir.js';
import { parseRedisUrl } from '../../src/runner/sweep/redis-url.js';
import { readSweepFile } from '../../src/runner/sweep/sweep-file.js';
import { freePort, hasRedis, startConvergeWorker, until, untilListening, type WorkerProc } from './redis-support.js';
import { allText, cli, metricsWithoutTimings, TINY_SWEEP } from './sweep-support.js';

const PASSWORD = 'sw33p-s3cret';

/** Starts `converge worker`; without `runs` it has no shared folder and sends the run files back through Redis. */
function startWorker(url: string, queue: string, runs: string | undefined, env: NodeJS.ProcessEnv = process.env): WorkerProc {
  return startConvergeWorker(url, queue, runs === undefined ? [] : ['--runs', runs], env);
}

describe('converge sweep --redis with converge worker', function () {
  let root = '';
  let redis: ChildProcess | undefined;
  let url = '';
  const workers: WorkerProc[] = [];
  before(async function () {
    if (!hasRedis) {
      console.log('    redis-server not installed (apt-get install redis-server): skipping the queue tests');
      this.skip();
    }
    root = await mkdtemp(join(tmpdir(), 'converge-queue-'));
    const port = await freePort();
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', PASSWORD], { stdio: 'ignore' });
    url = `redis://:${PASSWORD}@127.0.0.1:${port}`;
    await untilListening(port);
  });
  after(async () => {
    for (const w of workers) {
      w.child.kill('SIGKILL');
      await w.exited;
    }
    redis?.kill();
    if (root !== '') await rm(root, { recursive: true, force: true });
  });

  it('two workers run a sweep; one killed with SIGKILL mid-run leaves its run to the other, which resumes it to the uninterrupted result', async function () {
    this.timeout(180_000);
    const sweepFile = join(root, 'tiny.yaml');
    await writeFile(sweepFile, TINY_SWEEP);
    const ref = await cli('sweep', sweepFile, '--workers', '2', '--out', join(root, 'ref'));
    expect(ref.code, ref.err).to.equal(0);

    const shared = join(root, 'shared');
    const a = startWorker(url, 'q1', shared);
    const b = startWorker(url, 'q1', shared);
    workers.push(a, b);
    await until('both workers to start', () => a.log.text.includes('worker on') && b.log.text.includes('worker on'));
    const sweep = cli('sweep', sweepFile, '--out', shared, '--redis', url, '--queue', 'q1');
    // Kill worker a once the run it took has a checkpoint on disk and no final agent yet.
    let killed = '';
    await until('worker a to checkpoint a run', () => {
      const run = /job \S+: (\S+) \(attempt 1\)/.exec(a.log.text)?.[1];
      if (run !== undefined && existsSync(join(shared, run, RUN_FILES.checkpoint)) && !existsSync(join(shared, run, RUN_FILES.final))) killed = run;
      return killed !== '';
    });
    a.child.kill('SIGKILL');
    await a.exited;
    expect(existsSync(join(shared, killed, RUN_FILES.final)), 'killed before the end').to.equal(false);

    const r = await sweep;
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.match(/sweep tiny: 2 runs .*resumed/);
    expect(b.log.text).to.include(`${killed} (attempt 1)`);
    expect(b.log.text).to.match(/: resumed/);
    for (const job of readSweepFile(sweepFile).jobs) {
      expect(existsSync(join(shared, job.run, RUN_FILES.final)), job.run).to.equal(true);
      expect(metricsWithoutTimings(join(shared, job.run)), job.run).to.deep.equal(metricsWithoutTimings(join(root, 'ref', job.run)));
    }
    // The password is in no run directory, no output and no log.
    expect(allText(shared) + r.out + r.err + a.log.text + b.log.text).to.not.include(PASSWORD);
    expect(b.log.text).to.include(`redis://:***@127.0.0.1`);
  });

  it('a worker stopped with SIGTERM puts its run back in the queue without spending an attempt; the next worker resumes it', async function () {
    this.timeout(120_000);
    const one = join(root, 'one-term.yaml');
    await writeFile(one, TINY_SWEEP.replace('seeds: 2', 'seeds: 1'));
    const job = readSweepFile(one).jobs[0]!;
    const shared = join(root, 'term');
    const d = startWorker(url, 'q4', shared);
    workers.push(d);
    await until('the worker to start', () => d.log.text.includes('worker on'));
    const sweep = cli('sweep', one, '--out', shared, '--redis', url, '--queue', 'q4', '--attempts', '1');
    await until('a checkpoint', () => existsSync(join(shared, job.run, RUN_FILES.checkpoint)));
    d.child.kill('SIGTERM');
    expect(await d.exited).to.equal(0);
    expect(d.log.text).to.match(/: interrupted/);
    const e = startWorker(url, 'q4', shared);
    workers.push(e);
    const r = await sweep;
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.match(/1 resumed/);
    expect(metricsWithoutTimings(join(shared, job.run))).to.deep.equal(metricsWithoutTimings(join(root, 'ref', job.run)));
  });

  it('a worker without the shared folder sends the run files back through Redis, and the sweep writes them', async function () {
    this.timeout(120_000);
    const sweepFile = join(root, 'tiny.yaml');
    const c = startWorker(url, 'q2', undefined);
    workers.push(c);
    await until('the worker to start', () => c.log.text.includes('worker on'));
    expect(c.log.text).to.include('(sent back through Redis)');
    const out = join(root, 'sentback');
    const r = await cli('sweep', sweepFile, '--out', out, '--redis', url, '--queue', 'q2');
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.match(/2 trained/);
    for (const job of readSweepFile(sweepFile).jobs) {
      for (const f of [RUN_FILES.config, RUN_FILES.final, RUN_FILES.report, RUN_FILES.results]) expect(existsSync(join(out, job.run, f)), f).to.equal(true);
      expect(metricsWithoutTimings(join(out, job.run))).to.deep.equal(metricsWithoutTimings(join(root, 'ref', job.run)));
      expect((await cli('eval', join(out, job.run), '--episodes', '1')).code).to.equal(0);
    }
    expect(allText(out) + c.log.text).to.not.include(PASSWORD);
  });

  it('rediss:// (TLS) works end to end, checking the server certificate (trusted through NODE_EXTRA_CA_CERTS)', async function () {
    this.timeout(120_000);
    const certDir = join(root, 'tls');
    await mkdir(certDir);
    const [key, cert] = [join(certDir, 'key.pem'), join(certDir, 'cert.pem')];
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'], { stdio: 'ignore' });
    if (made.status !== 0) {
      console.log('    openssl not available: skipping the TLS test');
      this.skip();
    }
    const port = await freePort();
    const tls = spawn('redis-server', ['--port', '0', '--tls-port', String(port), '--bind', '127.0.0.1', '--tls-cert-file', cert, '--tls-key-file', key, '--tls-ca-cert-file', cert, '--tls-auth-clients', 'no', '--save', '', '--appendonly', 'no', '--requirepass', PASSWORD], { stdio: 'ignore' });
    try {
      try {
        await untilListening(port);
      } catch {
        console.log('    this redis-server has no TLS support: skipping the TLS test');
        this.skip();
      }
      const tlsUrl = `rediss://:${PASSWORD}@localhost:${port}`;
      // Without the CA the certificate is refused, with a clear error and no password printed.
      const refused = await cli('sweep', join(root, 'tiny.yaml'), '--out', join(root, 'tls-out'), '--redis', tlsUrl, '--queue', 'q3');
      expect(refused.code).to.equal(1);
      expect(refused.err).to.match(/cannot reach Redis at rediss:\/\/:\*\*\*@localhost:\d+: self-signed certificate/);
      expect(refused.err).to.not.include(PASSWORD);
      const one = join(root, 'one.yaml');
      await writeFile(one, TINY_SWEEP.replace('seeds: 2', 'seeds: 1'));
      const env = { ...process.env, NODE_EXTRA_CA_CERTS: cert };
      const out = join(root, 'tls-out');
      const w = startWorker(tlsUrl, 'q3', out, env);
      workers.push(w);
      const sweep = spawnSync(process.execPath, ['--import', 'tsx', 'src/runner/cli.ts', 'sweep', one, '--out', out, '--redis', tlsUrl, '--queue', 'q3'], { env, encoding: 'utf8', timeout: 100_000 });
      expect(sweep.status, sweep.stderr).to.equal(0);
      expect(sweep.stdout).to.match(/sweep tiny: 1 runs .*1 trained/);
      const job = readSweepFile(one).jobs[0]!;
      expect(metricsWithoutTimings(join(out, job.run))).to.deep.equal(metricsWithoutTimings(join(root, 'ref', job.run)));
      expect(allText(out) + sweep.stdout + sweep.stderr + w.log.text).to.not.include(PASSWORD);
    } finally {
      tls.kill();
    }
  });

  it('a worker refuses a job naming an env module outside its --modules folder or a run path outside its folder', async function () {
    this.timeout(60_000);
    // A worker of its own: the test does not lean on one left running by another test.
    const w = startWorker(url, 'q5', undefined);
    workers.push(w);
    await until('the worker to start', () => w.log.text.includes('worker on'));
    const target = parseRedisUrl(url);
    const queue = new Queue('q5', { connection: target.options });
    const events = new QueueEvents('q5', { connection: target.options });
    try {
      await events.waitUntilReady();
      const settings = { algo: 'dqn', env: '/tmp/evil.mjs', steps: 100 };
      const evil = await queue.add('run', { v: 1, job: { id: 'evil1', setting: 'evil1', run: 'x/runs/evil', settings } });
      let reason = '';
      await evil.waitUntilFinished(events).catch((e: Error) => void (reason = e.message));
      expect(reason).to.match(/env module "\/tmp\/evil\.mjs" refused: this worker was started without --modules/);
      const escape = await queue.add('run', { v: 1, job: { id: 'evil2', setting: 'evil2', run: '../../etc', settings: { env: 'CartPole-v1' } } });
      reason = '';
      await escape.waitUntilFinished(events).catch((e: Error) => void (reason = e.message));
      expect(reason).to.match(/run directory "..\/..\/etc" refused/);
      // Refusals are final: no retry.
      expect((await queue.getJob(evil.id ?? ''))?.attemptsMade).to.equal(1);
    } finally {
      await events.close();
      await queue.close();
    }
  });
});
