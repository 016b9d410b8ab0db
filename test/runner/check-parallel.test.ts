import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type CliIO } from '../../src/runner/cli.js';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => void (out += t), err: (t) => void (err += t), interactive: false };
  return { code: await main(argv, io), out, err };
}

describe('runner: converge check on a Parallel-API game module', () => {
  let root = '';
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'check-parallel-'));
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
});
