import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJsonl } from '../../src/runner/sinks/jsonl.js';
import { resolveParallelEnv } from '../../src/runner/train-parallel.js';
import { cli } from '../support/run-cli.js';

describe('runner: converge check and train on multi-agent (Parallel-API) games', () => {
  let root = '';
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'parallel-cli-'));
  });
  after(async () => rm(root, { recursive: true, force: true }));

  it('passes a tabular Markov game and lists each agent\'s spaces', async () => {
    const games = JSON.stringify(join(process.cwd(), 'src/games/markov/random-markov-game.ts'));
    const mod = join(root, 'game.ts');
    await writeFile(mod, `import { randomMarkovGame } from ${games};\nexport function createEnv() {\n  return randomMarkovGame({ S: 3, numActions: [2, 3], gamma: 0.9, seed: 0, horizon: 7 });\n}\n`);
    const r = await cli('check', mod);
    expect(r.err).to.equal('');
    expect(r.code).to.equal(0);
    expect(r.out).to.match(/ok \(parallel multi-agent env, 2 agents; player_0: observation Discrete\(3\), action Discrete\(2\); player_1: observation Discrete\(3\), action Discrete\(3\)\)/);
  });

  it('reports a game whose rewards are not finite', async () => {
    const mod = join(root, 'bad-game.ts');
    const discrete = JSON.stringify(join(process.cwd(), 'src/core/spaces/discrete.ts'));
    await writeFile(
      mod,
      `import { Discrete } from ${discrete};
export function createEnv() {
  let agents: string[] = [];
  return {
    possibleAgents: ['a'],
    get agents() { return agents; },
    observationSpace: () => new Discrete(1),
    actionSpace: () => new Discrete(1),
    metadata: {},
    reset() { agents = ['a']; return { observations: { a: 0 }, infos: { a: {} } }; },
    step() { return { observations: { a: 0 }, rewards: { a: NaN }, terminations: { a: false }, truncations: { a: false }, infos: { a: {} } }; },
    close() {},
  };
}
`,
    );
    const r = await cli('check', mod);
    expect(r.code).to.equal(1);
    expect(r.err).to.match(/1 problem \(parallel multi-agent env\):\n {2}- step\(\{"a":0\}\) returned reward NaN for a, must be a finite number/);
  });

  it("trains independent Q-learners on the repeated prisoner's dilemma to (defect, defect): NashConv 0, one metrics line per episode", async () => {
    const r = await cli('train', '--env', 'RepeatedPrisonersDilemma-v0', '--steps', '3000', '--seed', '1', '--out', root, '--name', 'pd');
    expect(r.err).to.equal('');
    expect(r.code).to.equal(0);
    expect(r.out).to.match(/3000 steps \(30 episodes\)/).and.match(/NashConv of the greedy joint policy: 0\b/);
    const dir = join(root, 'pd');
    for (const f of ['config.json', 'metrics.jsonl', 'report.md', 'learning-curve.svg', 'results.json', 'final.json', 'final-0000003000/agent/player_0/tabular-q.bin']) expect(existsSync(join(dir, f)), f).to.equal(true);
    const rows = readJsonl<{ kind: string; step: number; episode: number; returns: Record<string, number>; length: number }>(join(dir, 'metrics.jsonl'));
    expect(rows).to.have.length(30);
    expect(rows[0]).to.include({ kind: 'episode', step: 100, episode: 1, length: 100 });
    expect(Object.keys(rows[0]!.returns)).to.deep.equal(['player_0', 'player_1']);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).to.match(/NashConv of the greedy joint policy/);
  });

  it("trains on a user's Parallel-API module, and refuses a single-agent algorithm for it", async () => {
    const games = JSON.stringify(join(process.cwd(), 'src/games/markov/random-markov-game.ts'));
    const mod = join(root, 'train-game.ts');
    await writeFile(mod, `import { randomMarkovGame } from ${games};\nexport function createEnv() {\n  return randomMarkovGame({ S: 3, numActions: [2, 2], gamma: 0.5, seed: 4, horizon: 20 });\n}\n`);
    expect(await resolveParallelEnv(mod)).to.not.equal(undefined);
    expect(await resolveParallelEnv('CartPole-v1')).to.equal(undefined);
    const r = await cli('train', '--env', mod, '--steps', '400', '--out', root, '--name', 'mod');
    expect(r.code).to.equal(0);
    expect(r.out).to.match(/400 steps \(20 episodes\)/);
    const bad = await cli('train', '--env', mod, '--algo', 'dqn', '--steps', '10', '--out', root);
    expect(bad.code).to.not.equal(0);
    expect(bad.err).to.match(/algorithm "dqn" cannot train a multi-agent env; use one of q-learning/);
  });

  it('refuses the single-agent flags for a Markov game, naming them, and writes no run', async () => {
    const r = await cli('train', '--env', 'RepeatedPrisonersDilemma-v0', '--backend', 'cpu', '--eval-every', '100', '--steps', '200', '--out', root, '--name', 'flags');
    expect(r.code).to.equal(2);
    expect(r.err).to.match(/--backend, --eval-every: do not apply to a multi-agent run \(RepeatedPrisonersDilemma-v0\); its flags are --algo/);
    expect(existsSync(join(root, 'flags'))).to.equal(false);
    const one = await cli('train', '--env', 'RepeatedPrisonersDilemma-v0', '--n-envs', '2', '--out', root, '--name', 'flags');
    expect(one.err).to.match(/--n-envs: does not apply to a multi-agent run/);
  });

  it("independent REINFORCE learners (--algo reinforce) also settle on (defect, defect) in the prisoner's dilemma", async () => {
    const r = await cli('train', '--env', 'RepeatedPrisonersDilemma-v0', '--algo', 'reinforce', '--steps', '5000', '--out', root, '--name', 'pd-pg');
    expect(r.err).to.equal('');
    expect(r.code).to.equal(0);
    expect(r.out).to.match(/NashConv of the greedy joint policy: 0\b/);
    expect(existsSync(join(root, 'pd-pg', 'final-0000005000', 'agent', 'player_1', 'tabular-reinforce.json'))).to.equal(true);
  });
});
