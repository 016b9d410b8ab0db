import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadCheckpoint, RUN_FILES } from '../../src/runner/run-dir.js';
import { readJsonl } from '../../src/runner/sinks/jsonl.js';
import { runTraining, type TrainingSchedule } from '../../src/runner/training.js';
import { TinyAgent, WalkEnv } from '../support/runner-fixtures.js';

const schedule: TrainingSchedule = { steps: 1500, seed: 7, evalEvery: 250, evalEpisodes: 3, checkpointEvery: 200, logEvery: 100 };

/** The metrics log without its timing fields (which differ between identical runs). */
async function metricsOf(dir: string): Promise<Record<string, unknown>[]> {
  return readJsonl(join(dir, RUN_FILES.metrics)).map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !k.endsWith('S'))));
}

async function train(dir: string, steps: number, resume = false, stopAt?: number) {
  const ac = new AbortController();
  const stopper = { next: (r: { step: number }) => void (stopAt !== undefined && r.step >= stopAt && ac.abort()) };
  return runTraining({
    runDir: dir,
    env: new WalkEnv(),
    agent: new TinyAgent(11),
    evalEnv: () => new WalkEnv(),
    schedule: { ...schedule, steps },
    sinks: [stopper],
    signal: ac.signal,
    ...(resume && { resume: await loadCheckpoint(dir) }),
  });
}

describe('runner checkpoints', () => {
  let root = '';
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'converge-ckpt-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('resuming from a checkpoint gives the metrics of an uninterrupted run', async () => {
    const whole = join(root, 'whole');
    const parts = join(root, 'parts');
    const a = await train(whole, 1500);
    expect(a.steps).to.equal(1500);
    await train(parts, 820);
    const ckpt = await loadCheckpoint(parts);
    expect(ckpt.step).to.be.within(800, 820);
    const b = await train(parts, 1500, true);
    expect(b.steps).to.equal(1500);
    const ma = await metricsOf(whole);
    const mb = await metricsOf(parts);
    expect(ma.filter((r) => r.kind === 'eval')).to.have.length(6);
    expect(ma.filter((r) => r.kind === 'episode').length).to.be.greaterThan(50);
    expect(mb).to.deep.equal(ma);
    // The final agents match too.
    expect(await readFile(join(parts, (await loadCheckpoint(parts, 'final')).dir, 'agent', 'tiny.json'), 'utf8')).to.equal(
      await readFile(join(whole, (await loadCheckpoint(whole, 'final')).dir, 'agent', 'tiny.json'), 'utf8'),
    );
  });

  it('an aborted run stops between steps without a final agent, and resumes to the uninterrupted metrics', async () => {
    const dir = join(root, 'aborted');
    const r = await train(dir, 1500, false, 700);
    expect(r.interrupted).to.equal(true);
    expect(r.steps).to.be.within(700, 720);
    expect(existsSync(join(dir, RUN_FILES.final))).to.equal(false);
    expect((await loadCheckpoint(dir)).step).to.be.within(600, 620);
    const done = await train(dir, 1500, true);
    expect(done.interrupted).to.equal(false);
    expect(await metricsOf(dir)).to.deep.equal(await metricsOf(join(root, 'whole')));
  });

  it('an abort that lands while a checkpoint is being saved waits for that save to finish', async () => {
    const dir = join(root, 'abort-in-save');
    const ac = new AbortController();
    // The abort comes from inside the save, as a Ctrl-C would while the loop awaits it.
    class SlowSaver extends TinyAgent {
      override async save(d: string): Promise<void> {
        ac.abort();
        await new Promise((r) => setTimeout(r, 50));
        await super.save(d);
      }
    }
    const r = await runTraining({ runDir: dir, env: new WalkEnv(), agent: new SlowSaver(11), evalEnv: () => new WalkEnv(), schedule, signal: ac.signal });
    expect(r.interrupted).to.equal(true);
    const ckpt = await loadCheckpoint(dir);
    expect(ckpt.step).to.be.within(200, 220);
    expect(existsSync(join(dir, ckpt.dir, 'agent', 'tiny.json'))).to.equal(true);
  });

  it('stops at the first evaluation reaching the reward threshold and logs it', async () => {
    const dir = join(root, 'solved');
    const r = await runTraining({ runDir: dir, env: new WalkEnv(), agent: new TinyAgent(11), evalEnv: () => new WalkEnv(), schedule: { ...schedule, rewardThreshold: -1 } });
    expect(r.solved).to.equal(true);
    expect(r.steps).to.equal(schedule.evalEvery);
    expect(r.lastEval?.step).to.equal(schedule.evalEvery);
    expect((await metricsOf(dir)).at(-1)).to.include({ kind: 'eval', step: schedule.evalEvery });
    expect(existsSync(join(dir, RUN_FILES.final))).to.equal(true);
  });

  it('a run killed with SIGKILL leaves its last checkpoint loadable and the log readable up to it', async function () {
    this.timeout(60_000);
    const dir = join(root, 'crash');
    const child = spawn(process.execPath, ['--import', 'tsx', join('test', 'support', 'runner-crash-child.ts'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if ((out.match(/checkpoint/g) ?? []).length >= 3) resolve();
      });
      child.on('exit', (code) => reject(new Error(`child exited early with ${code}: ${out}`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('close', r));
    const ckpt = await loadCheckpoint(dir);
    expect(ckpt.step).to.be.greaterThan(0);
    expect(existsSync(join(dir, ckpt.dir, 'agent', 'tiny.json'))).to.equal(true);
    const records = readJsonl<{ kind: string; step: number }>(join(dir, RUN_FILES.metrics));
    expect(records.filter((r) => r.step <= ckpt.step && r.kind === 'episode').length).to.be.greaterThan(0);
    const resumed = await train(dir, ckpt.step + 300, true);
    expect(resumed.steps).to.equal(ckpt.step + 300);
    const after = readJsonl<{ step: number }>(join(dir, RUN_FILES.metrics));
    expect(after.map((r) => r.step)).to.deep.equal([...after.map((r) => r.step)].sort((x, y) => x - y));
  });
});
