// `npm run bench -- tabular-q`: tabular Q-learning updates per second on GARNET(100, 10, branching 5), with and
// without replay, against a baseline measured in the same run: the same agent driven through the Env interface.
import { TabularQAgent, trainOnModel, type ReplayOptions } from '../src/agents/tabular-q.js';
import { Rng } from '../src/core/rng.js';
import { garnet } from '../src/envs/tabular/garnet.js';
import type { TabularMDP } from '../src/envs/tabular/mdp.js';

const TARGET = 20e6;
const STEPS = 2_000_000;
const REPEATS = 3;
const mdp = garnet({ S: 100, A: 10, branching: 5, seed: 1 });

function agentFor(replay?: ReplayOptions): TabularQAgent {
  return new TabularQAgent({ S: 100, A: 10, gamma: 0.9, epsilon: 1, seed: 1, ...(replay ? { replay } : {}) });
}

/** Steps the agent through `Env.step` and `Agent.observe` (a Transition object per step): what a generic runner does. */
function viaEnv(agent: TabularQAgent, env: TabularMDP, steps: number): void {
  let obs = env.reset({ seed: 2 }).observation;
  for (let t = 0; t < steps; t++) {
    const action = agent.act(obs);
    const r = env.step(action);
    agent.observe({ obs, action, reward: r.reward, nextObs: r.observation, terminated: r.terminated, truncated: r.truncated, info: r.info });
    obs = r.observation;
  }
}

/** Best of REPEATS runs, in updates (online + replayed) per second. */
function measure(name: string, run: (agent: TabularQAgent) => void, replay?: ReplayOptions): number {
  let best = 0;
  for (let k = 0; k < REPEATS; k++) {
    const agent = agentFor(replay);
    const t0 = performance.now();
    run(agent);
    const seconds = (performance.now() - t0) / 1000;
    best = Math.max(best, (agent.onlineSteps + agent.replayUpdates) / seconds);
  }
  console.log(`${name.padEnd(44)} ${(best / 1e6).toFixed(2).padStart(7)} M updates/s`);
  return best;
}

const fast = (agent: TabularQAgent) => trainOnModel(agent, mdp, { steps: STEPS, rng: new Rng(2) });
console.log(`GARNET(100, 10, branching 5), ${STEPS} online steps, best of ${REPEATS}, ε = 1, step size 1/n^0.8`);
const baseline = measure('baseline: Env.step + Agent.observe', (agent) => viaEnv(agent, mdp, STEPS));
const plain = measure('plain Q-learning (trainOnModel)', fast);
const r11 = measure('replay K=1, 1 update per phase', fast, { every: 1, updates: 1 });
const r100 = measure('replay K=100, 100 updates per phase', fast, { every: 100, updates: 100 });
console.log(`ratios to baseline: plain ${(plain / baseline).toFixed(2)}x, replay(1,1) ${(r11 / baseline).toFixed(2)}x, replay(100,100) ${(r100 / baseline).toFixed(2)}x`);
console.log(`plain vs target ${TARGET / 1e6} M/s: ${(plain / TARGET).toFixed(2)}x ${plain >= TARGET ? '(met)' : '(not met on this machine)'}`);
