import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { InvalidArgumentError, NotFoundError } from '../../src/core/errors.js';
import { checkRunPath, resolveModulePath } from '../../src/runner/sweep/job-guard.js';
import { checkQueueJobData, queueJobId } from '../../src/runner/sweep/queue-job.js';
import { parseRedisUrl, redactRedisUrl } from '../../src/runner/sweep/redis-url.js';
import { readSweepFile } from '../../src/runner/sweep/sweep-file.js';

const BASE = `base:
  algo: dqn
  env: CartPole-v1
  steps: 500
  hyper:
    learningStarts: 100
`;

describe('sweep files', () => {
  let root = '';
  const file = async (name: string, text: string) => {
    const p = join(root, name);
    await writeFile(p, text);
    return p;
  };
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'converge-sweepfile-'));
    await mkdir(join(root, 'envs'));
    await writeFile(join(root, 'envs', 'walk.mjs'), 'export function createEnv() { return {}; }\n');
    await writeFile(join(root, 'outside.mjs'), 'export function createEnv() { return {}; }\n');
    await symlink(join(root, 'outside.mjs'), join(root, 'envs', 'link.mjs'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('expands runs × grid × seeds, with ids from the settings whatever their order', async () => {
    const s = readSweepFile(await file('lr.yaml', `name: lr\n${BASE}grid:\n  hyper.learningRate: [0.001, 0.0005]\n  hyper.gamma: [0.99]\nseeds: 3\n`));
    expect(s.name).to.equal('lr');
    expect(s.jobs).to.have.length(6);
    expect(s.jobs.map((j) => j.settings.seed)).to.deep.equal([0, 1, 2, 0, 1, 2]);
    expect(s.jobs.map((j) => j.settings.hyper?.['learningRate'])).to.deep.equal([0.001, 0.001, 0.001, 0.0005, 0.0005, 0.0005]);
    expect(new Set(s.jobs.map((j) => j.id)).size).to.equal(6);
    // Seeds of one setting share its setting hash; the two settings differ.
    expect(new Set(s.jobs.map((j) => j.setting)).size).to.equal(2);
    expect(s.jobs[0]?.run).to.match(/^lr\/runs\/dqn-CartPole-v1-s0-[0-9a-f]{12}$/);
    // The same runs written another way (a list, keys reordered) have the same ids.
    const t = readSweepFile(
      await file('lr2.yaml', `name: lr\nruns:\n  - { hyper: { gamma: 0.99, learningRate: 0.001 } }\n  - { hyper: { learningRate: 0.0005, gamma: 0.99 } }\nbase: { steps: 500, env: CartPole-v1, algo: dqn, hyper: { learningStarts: 100 } }\nseeds: [0, 1, 2]\n`),
    );
    expect(t.jobs.map((j) => j.id)).to.deep.equal(s.jobs.map((j) => j.id));
    expect(queueJobId('lr', s.jobs[0]!)).to.equal(`lr.${s.jobs[0]!.id}`);
  });

  it('rejects a malformed file, unknown keys, algorithms, envs and repeated runs, naming the entry', async () => {
    const cases: [string, RegExp, typeof InvalidArgumentError | typeof NotFoundError][] = [
      ['base: [unclosed\n', /not valid YAML/, InvalidArgumentError],
      ['- a list\n', /must hold a mapping/, InvalidArgumentError],
      [`${BASE}gird: {}\n`, /unknown key "gird"; allowed: name, modules/, InvalidArgumentError],
      [`${BASE}runs:\n  - { algo: sarsa }\n`, /runs\[0\], seed 0: unknown algorithm "sarsa"; known: .*dqn/, NotFoundError],
      [`${BASE}runs:\n  - {}\n  - { env: CartPol-v1 }\n`, /runs\[1\], seed 0: No environment is registered as "CartPol-v1"/, NotFoundError],
      [`${BASE}grid:\n  hyper.gamma: [0.9, 2]\n`, /runs\[0\] at grid point \{"hyper":\{"gamma":2\}\}, seed 0: .*gamma is 2; it must be a number in \[0, 1\]/, InvalidArgumentError],
      [`${BASE}grid:\n  hyper.gamma: 0.9\n`, /grid.hyper.gamma is 0.9; it must be a non-empty list/, InvalidArgumentError],
      [`${BASE}seeds: [1, 1]\n`, /seeds is \[1, 1\]/, InvalidArgumentError],
      [`${BASE}runs:\n  - { seed: 4 }\nseeds: 2\n`, /runs\[0\] sets seed 4 and the file lists seeds/, InvalidArgumentError],
      [`${BASE}runs:\n  - { hyper: { gamma: 0.9 } }\n  - { hyper: { gamma: 0.9 } }\n`, /runs\[1\], seed 0 is the same run as run 1/, InvalidArgumentError],
      [`${BASE}runs:\n  - { env: ../outside.mjs }\nmodules: envs\n`, /refused: it is outside the modules folder/, InvalidArgumentError],
      [`${BASE}runs:\n  - { env: link.mjs }\nmodules: envs\n`, /refused: it links outside the modules folder/, InvalidArgumentError],
      [`name: "../x"\n${BASE}`, /name is "..\/x"/, InvalidArgumentError],
    ];
    for (const [text, message, kind] of cases) {
      const p = await file('bad.yaml', text);
      expect(() => readSweepFile(p), text).to.throw(kind, message);
      expect(() => readSweepFile(p), text).to.throw(/^sweep file .*bad\.yaml/);
    }
    expect(() => readSweepFile(join(root, 'missing.yaml'))).to.throw(NotFoundError, /cannot be read/);
    expect(() => readSweepFile(join(root, 'x.toml'))).to.throw(InvalidArgumentError, /use .yaml, .yml or .json/);
    // A module inside the modules folder is accepted, named by its relative path (the same on every machine).
    const ok = readSweepFile(await file('mod.yaml', `${BASE}runs:\n  - { env: walk.mjs }\nmodules: envs\n`));
    expect(ok.jobs[0]?.settings.env).to.equal('walk.mjs');
    expect(ok.jobs[0]?.run).to.match(/dqn-walk-s0-/);
  });

  it('a worker imports env modules only from inside its modules folder, and writes only under its runs folder', () => {
    const dir = join(root, 'envs');
    expect(resolveModulePath('walk.mjs', dir)).to.equal(join(dir, 'walk.mjs'));
    expect(() => resolveModulePath('walk.mjs', undefined)).to.throw(InvalidArgumentError, /started without --modules/);
    expect(() => resolveModulePath(join(dir, 'walk.mjs'), dir)).to.throw(InvalidArgumentError, /relative to the modules folder/);
    expect(() => resolveModulePath('../outside.mjs', dir)).to.throw(InvalidArgumentError, /outside the modules folder/);
    expect(() => resolveModulePath('nope.mjs', dir)).to.throw(NotFoundError, /no file at/);
    expect(checkRunPath('s/runs/dqn-x-s0-abc')).to.equal('s/runs/dqn-x-s0-abc');
    for (const bad of ['../etc', '/tmp/x', 's/../../x', '', 's//x', 3]) expect(() => checkRunPath(bad), String(bad)).to.throw(InvalidArgumentError, /refused/);
    const job = { id: 'abc123', setting: 'def456', run: 's/runs/r', settings: { algo: 'dqn', env: 'CartPole-v1' } };
    expect(checkQueueJobData({ v: 1, job })).to.deep.equal(job);
    expect(() => checkQueueJobData({ v: 2, job })).to.throw(InvalidArgumentError, /not a converge sweep job/);
    expect(() => checkQueueJobData({ v: 1, job: { ...job, run: '../../home' } })).to.throw(InvalidArgumentError, /refused/);
    expect(() => checkQueueJobData({ v: 1, job: { ...job, settings: 'rm -rf /' } })).to.throw(InvalidArgumentError, /settings is "rm -rf \/"/);
  });

  it('parses Redis URLs with credentials and TLS, and never prints the password', () => {
    const a = parseRedisUrl('redis://alice:p%40ss@cache.example:6380/2');
    expect(a.options).to.deep.equal({ host: 'cache.example', port: 6380, db: 2, username: 'alice', password: 'p@ss' });
    expect(a.redacted).to.equal('redis://alice:***@cache.example:6380/2');
    const b = parseRedisUrl('rediss://:secret@redis.example');
    expect(b.options).to.deep.equal({ host: 'redis.example', port: 6379, db: 0, password: 'secret', tls: { servername: 'redis.example' } });
    expect(b.redacted).to.not.include('secret');
    expect(parseRedisUrl('redis://127.0.0.1').options).to.deep.equal({ host: '127.0.0.1', port: 6379, db: 0 });
    expect(() => parseRedisUrl('http://x')).to.throw(InvalidArgumentError, /use redis:\/\/ or rediss:\/\//);
    expect(() => parseRedisUrl('redis://h/x')).to.throw(InvalidArgumentError, /database "x"/);
    expect(() => parseRedisUrl('not a url :secret@')).to.throw(InvalidArgumentError, /not a URL/);
    expect(redactRedisUrl('garbage://u:secret@h')).to.not.include('secret');
  });
});
