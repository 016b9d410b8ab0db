import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { BEST_DIR, readBest } from '../../src/runner/best-model.js';
import { loadCheckpoint, RUN_FILES } from '../../src/runner/run-dir.js';
import { readJsonl } from '../../src/runner/sinks/jsonl.js';
import { runTraining, type TrainingSchedule } from '../../src/runner/training.js';
import type { ActOptions, StepStats, Transition } from '../../src/core/agent.js';
import { TinyAgent, WalkEnv } from '../support/runner-fixtures.js';

/** An agent whose greedy policy is good (always right) only between its 300th and 500th step: its best is mid-run. */
class PhaseAgent extends TinyAgent {
  private seen = 0;
  override observe(t: Transition<Float32Array, number | Float32Array>): StepStats {
    this.seen++;
    return super.observe(t);
  }
  override act(obs: Float32Array, opts?: ActOptions): number {
    if (opts?.explore === false) return this.seen >= 300 && this.seen < 500 ? 1 : 0;
    return super.act(obs, opts);
  }
  override async save(dir: string): Promise<void> {
    await super.save(dir);
    await writeFile(join(dir, 'seen.json'), String(this.seen));
  }
  override async load(dir: string): Promise<void> {
    await super.load(dir);
    this.seen = Number(await readFile(join(dir, 'seen.json'), 'utf8'));
  }
}

const schedule: TrainingSchedule = { steps: 800, seed: 7, evalEvery: 50, evalEpisodes: 3, checkpointEvery: 200, logEvery: 100 };

async function train(dir: string, stopAt?: number, resume = false) {
  const ac = new AbortController();
  const stopper = { next: (r: { step: number }) => void (stopAt !== undefined && r.step >= stopAt && ac.abort()) };
  return runTraining({
    runDir: dir,
    env: new WalkEnv(),
    agent: new PhaseAgent(11),
    evalEnv: () => new WalkEnv(),
    schedule,
    sinks: [stopper],
    signal: ac.signal,
    ...(resume && { resume: await loadCheckpoint(dir) }),
  });
}

describe('best model', () => {
  let root = '';
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'converge-best-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('keeps the agent of the first evaluation with the highest mean in best/, and a resumed run keeps the same one', async () => {
    const whole = join(root, 'whole');
    await train(whole);
    const evals = readJsonl<{ kind: string; step: number; mean: number }>(join(whole, RUN_FILES.metrics)).filter((r) => r.kind === 'eval');
    expect(evals).to.have.length(16);
    const top = Math.max(...evals.map((e) => e.mean));
    const first = evals.find((e) => e.mean === top);
    expect(first?.step).to.be.within(300, 499);
    expect(evals.at(-1)?.mean).to.be.lessThan(top);
    const best = readBest(whole);
    expect(best).to.deep.include({ step: first?.step, mean: top, dir: join(whole, BEST_DIR) });
    expect(existsSync(join(whole, BEST_DIR, 'agent', 'tiny.json'))).to.equal(true);
    expect(existsSync(join(whole, `${BEST_DIR}.tmp`)) || existsSync(join(whole, `${BEST_DIR}.old`))).to.equal(false);

    const parts = join(root, 'parts');
    // Cut after the best evaluations, so the resumed run starts from a checkpoint older than the saved best.
    const cut = await train(parts, 470);
    expect(cut.interrupted).to.equal(true);
    await train(parts, undefined, true);
    expect(readBest(parts)).to.deep.include({ step: best?.step, mean: best?.mean });
    expect(readFileSync(join(parts, BEST_DIR, 'agent', 'tiny.json'), 'utf8')).to.equal(readFileSync(join(whole, BEST_DIR, 'agent', 'tiny.json'), 'utf8'));
  });
});
