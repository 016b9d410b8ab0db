/**
 * Training DQN on CartPole-v1 from a script: `npx tsx examples/train-cartpole.ts [steps]`.
 *
 * The loop is an RxJS stream: `interact` steps the env with the agent (which learns in `observe`), and operators
 * shape what to watch. For a run directory with metrics, checkpoints and a report instead, one call does it all:
 * `await train(resolveTrainConfig({ env: 'CartPole-v1' }))` (what `converge train --env CartPole-v1` runs).
 */
import { lastValueFrom, share } from 'rxjs';
import { createDqn } from '../src/agents/dqn.js';
import { DQN_PRESETS } from '../src/agents/presets/dqn-presets.js';
import { initBackend } from '../src/core/index.js';
import { make } from '../src/envs/index.js';
import { episodes, evaluate, interact, rollout, summarize } from '../src/runner/index.js';

const steps = Number(process.argv[2] ?? 50_000);
await initBackend('wasm');
const env = make('CartPole-v1');
const agent = createDqn(env.observationSpace, env.actionSpace, { ...DQN_PRESETS['CartPole-v1'], totalTimesteps: steps }, 0);

const steps$ = interact(env, agent, { seed: 0, steps }).pipe(share());
steps$.pipe(evaluate(5000, () => make('CartPole-v1'), 10)).subscribe((e) => console.log(`step ${e.step}: greedy return ${e.mean.toFixed(1)}`));
const last = await lastValueFrom(steps$.pipe(episodes()));
console.log(`trained ${last.step} steps, ${last.episode} episodes`);

const final = summarize(rollout(make('CartPole-v1'), agent, { episodes: 10, seed: 1 }).returns);
console.log(`final greedy return ${final.mean.toFixed(1)} ± ${final.stderr.toFixed(1)}`);
agent.dispose();
