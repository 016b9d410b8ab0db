// Trains PPO, Lagrangian PPO (GDA) or ReLOAD-PPO on a constrained env from its preset, then evaluates greedily:
// shared by test/policy-gradient/lagrangian-ppo.test.ts and `npm run bench -- constrained-cartpole`.
import { lastValueFrom } from 'rxjs';
import type { VectorAgent } from '../../src/core/agent.js';
import type { Env } from '../../src/core/env.js';
import { isConstrainedEnv } from '../../src/envs/constrained/constrained-env.js';
import { make } from '../../src/envs/registry.js';
import { makeVec } from '../../src/envs/vector/make-vec.js';
import { createLagrangianPpo, LAGRANGIAN_PPO_PRESETS, type LagrangianPpoAlgorithm } from '../../src/policy-gradient/lagrangian-ppo-algorithms.js';
import { createPgAgent, PRESET_NUM_ENVS } from '../../src/policy-gradient/pg-algorithms.js';
import { interact } from '../../src/runner/interact.js';

/** What one seed measured over the evaluation episodes of the last iterate: greedy, and sampling its policy. */
export interface ConstrainedRun {
  readonly meanReturn: number;
  readonly meanCost: number;
  readonly sampled: { readonly meanReturn: number; readonly meanCost: number };
  readonly budget: number;
  /** The multipliers at the end (none for unconstrained PPO). */
  readonly mu: number[];
}

/**
 * Trains `algo` ('ppo' is the unconstrained agent, on the same env and preset) for `steps`, then runs `episodes`
 * greedy episodes (the runner's evaluation) and as many sampling the policy (the stochastic last iterate).
 */
export async function trainConstrained(algo: LagrangianPpoAlgorithm | 'ppo', envId: string, seed: number, steps: number, episodes = 20, hyper: Record<string, unknown> = {}): Promise<ConstrainedRun> {
  const env = makeVec(envId, PRESET_NUM_ENVS);
  const probe = make(envId) as Env<Float32Array, number>;
  if (!isConstrainedEnv(probe)) throw new Error(`${envId} is not a constrained env`);
  const constraint = probe.constraints[0]!;
  if (constraint.kind !== 'discounted') throw new Error(`${envId}: the harness reads discounted constraints`);
  const h = { ...LAGRANGIAN_PPO_PRESETS[envId], totalTimesteps: steps, ...hyper };
  const agent = (algo === 'ppo'
    ? createPgAgent('ppo', env.singleObservationSpace, env.singleActionSpace, h, seed)
    : createLagrangianPpo(algo, env.singleObservationSpace, env.singleActionSpace, probe.constraints, h, seed)) as VectorAgent & { dispose(): void };
  await lastValueFrom(interact(env, agent, { seed, steps }), { defaultValue: undefined });
  const evaluate = (explore: boolean): { meanReturn: number; meanCost: number } => {
    let ret = 0;
    let cost = 0;
    for (let e = 0; e < episodes; e++) {
      let { observation } = probe.reset({ seed: 10_000 + seed * episodes + e });
      let discount = 1;
      for (;;) {
        const r = probe.step(agent.act(observation, { explore }) as number);
        ret += r.reward;
        cost += discount * ((r.info.costs as Float64Array)[0] as number);
        discount *= constraint.gamma;
        observation = r.observation;
        if (r.terminated || r.truncated) break;
      }
    }
    return { meanReturn: ret / episodes, meanCost: cost / episodes };
  };
  const greedy = evaluate(false);
  const sampled = evaluate(true);
  const mu = 'multipliers' in agent ? Array.from((agent as { multipliers(): Float64Array }).multipliers()) : [];
  agent.dispose();
  env.close();
  probe.close();
  return { ...greedy, sampled, budget: constraint.budget, mu };
}
