import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expect } from 'chai';
import { cli } from '../support/run-cli.js';
import { loadCheckpoint, RUN_FILES } from '../../src/runner/run-dir.js';
import { train } from '../../src/runner/run.js';
import { readJsonl } from '../../src/runner/sinks/jsonl.js';
import { resolveTrainConfig } from '../../src/runner/train-config.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** One hash of every path and byte under `dir`. */
function hashDir(dir: string): string {
  const h = createHash('sha256');
  for (const f of filesUnder(dir).sort()) h.update(relative(dir, f)).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex');
}

const DQN_HYPER = { netArch: [8], learningStarts: 50, trainFreq: 16, gradientSteps: 1, batchSize: 16, bufferSize: 2000, targetUpdateInterval: 100 };

/** A run stopped right after its first checkpoint (at about step 200), as Ctrl-C leaves one. */
async function unfinishedRun(root: string, name: string, algo: string, hyper: Record<string, unknown>): Promise<string> {
  const config = resolveTrainConfig({ algo, env: 'CartPole-v1', steps: 1000, seed: 1, backend: 'cpu', evalEvery: 500, evalEpisodes: 2, checkpointEvery: 200, hyper });
  const ac = new AbortController();
  const s = await train(config, { out: root, name, signal: ac.signal, sinks: () => [{ next: (r) => void (r.kind === 'checkpoint' && ac.abort()) }] });
  expect(s.final).to.equal(undefined);
  return s.runDir;
}

describe('runner: damaged run files', function () {
  this.timeout(60_000);
  let root = '';
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'converge-files-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const cases: [string, Record<string, unknown>][] = [
    ['dqn', DQN_HYPER],
    ['ppo', { nSteps: 64, batchSize: 32, nEpochs: 1, netArch: [8] }],
    ['a2c', { netArch: [8] }],
    ['reinforce', { netArch: [8], batchSteps: 100, valueEpochs: 1 }],
    ['polyak-pg', { netArch: [8], batchSteps: 100, valueEpochs: 1 }],
  ];
  for (const [algo, hyper] of cases) {
    it(`${algo}: each truncated checkpoint file gives exit 2 naming it and leaves the run directory byte-identical`, async () => {
      const run = await unfinishedRun(root, `${algo}-base`, algo, hyper);
      const ckpt = await loadCheckpoint(run);
      const targets = [RUN_FILES.config, RUN_FILES.checkpoint, RUN_FILES.metrics, ...filesUnder(join(run, ckpt.dir)).map((f) => relative(run, f))];
      if (algo === 'dqn') for (const f of ['replay.bin', 'state.json', 'nets.json', 'nets.bin']) expect(targets).to.include(join(ckpt.dir, 'agent', f));
      for (const target of targets) {
        const copy = join(root, `${algo}-damaged`);
        rmSync(copy, { recursive: true, force: true });
        cpSync(run, copy, { recursive: true });
        const path = join(copy, target);
        // The log may be longer than the checkpoint's part of it; cut into that part.
        const size = target === RUN_FILES.metrics ? ckpt.metricsBytes : statSync(path).size;
        truncateSync(path, Math.floor(size / 2));
        const before = hashDir(copy);
        const r = await cli('resume', copy, '--no-progress');
        expect(r.code, `${target}: ${r.err}`).to.equal(2);
        expect(r.err, target).to.include(path);
        expect(r.err, target).to.not.match(/\n\s+at /);
        expect(hashDir(copy), `${target}: the run directory changed`).to.equal(before);
      }
    });
  }

  it('a checksum mismatch of same-size content is caught too', async () => {
    const run = await unfinishedRun(root, 'flip', 'dqn', DQN_HYPER);
    const ckpt = await loadCheckpoint(run);
    const file = join(run, ckpt.dir, 'agent', 'state.json');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/"numTimesteps": (\d)/, (_m, d: string) => `"numTimesteps": ${(Number(d) + 1) % 10}`));
    expect(readFileSync(file, 'utf8')).to.not.equal(text);
    const r = await cli('resume', run, '--no-progress');
    expect(r.code).to.equal(2);
    expect(r.err).to.match(/state\.json is damaged: its SHA-256 differs/);
  });

  it('a torn last line of metrics.jsonl is dropped on resume', async () => {
    const run = await unfinishedRun(root, 'torn', 'dqn', DQN_HYPER);
    appendFileSync(join(run, RUN_FILES.metrics), '{"kind":"episode","st');
    const r = await cli('resume', run, '--no-progress');
    expect(r.err).to.equal('');
    expect(r.code).to.equal(0);
    const records = readJsonl<{ kind: string; step: number }>(join(run, RUN_FILES.metrics));
    expect(records.at(-1)?.step).to.equal(1000);
  });

  it('a damaged log never fails the report, and resume writes a missing report of a finished run', async () => {
    const run = await unfinishedRun(root, 'report', 'dqn', DQN_HYPER);
    // Garbage inside the checkpoint's part of the log (a disk error, not a torn tail) reaches the report.
    const metrics = join(run, RUN_FILES.metrics);
    const lines = readFileSync(metrics, 'utf8').split('\n');
    lines[1] = `{"kind":"epis${'\u0000'.repeat((lines[1] as string).length - 13)}`;
    writeFileSync(metrics, lines.join('\n'));
    const r = await cli('resume', run, '--no-progress');
    expect(r.err).to.equal('');
    expect(r.code).to.equal(0);
    const report = readFileSync(join(run, RUN_FILES.report), 'utf8');
    expect(report).to.match(/Damaged lines of metrics\.jsonl, left out of the curve: 2\./);
    rmSync(join(run, RUN_FILES.report));
    const again = await cli('resume', run, '--no-progress');
    expect(again.code).to.equal(0);
    expect(again.out).to.match(/final greedy evaluation/);
    expect(existsSync(join(run, RUN_FILES.report))).to.equal(true);
    expect((await cli('resume', run)).out).to.match(/nothing to resume/);
  });
});
