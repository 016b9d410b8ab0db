// Child process of the crash test: trains the tiny agent without end, announcing every checkpoint on stdout.
import { runTraining } from '../../src/runner/training.js';
import { TinyAgent, WalkEnv } from './runner-fixtures.js';

const dir = process.argv[2] as string;
const agent = new TinyAgent(3);
const save = agent.save.bind(agent);
agent.save = async (d: string) => {
  await save(d);
  // Announce on the next turn, once checkpoint.json points to this save.
  setImmediate(() => process.stdout.write('checkpoint\n'));
};
await runTraining({
  runDir: dir,
  env: new WalkEnv(),
  agent,
  evalEnv: () => new WalkEnv(),
  schedule: { steps: 1e12, seed: 1, evalEvery: 1000, evalEpisodes: 2, checkpointEvery: 500, logEvery: 100 },
});
