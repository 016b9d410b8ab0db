import type { ParallelEnv } from '../core/parallel-env.js';
import { checkParallelEnv } from '../envs/parallel-env-checker.js';

/** Where `converge check` writes. */
interface CheckIO {
  out(text: string): void;
  err(text: string): void;
}

/**
 * `converge check` for a module whose environment is a Parallel-API multi-agent env: runs `checkParallelEnv` and
 * prints each agent's spaces, or every problem found. Returns whether the env kept the contract.
 */
export function reportParallelCheck(path: string, env: ParallelEnv<unknown, unknown>, io: CheckIO): boolean {
  const { ok, problems } = checkParallelEnv(env);
  if (ok) {
    const spaces = env.possibleAgents.map((a) => `${a}: observation ${String(env.observationSpace(a))}, action ${String(env.actionSpace(a))}`).join('; ');
    io.out(`${path}: ok (parallel multi-agent env, ${env.possibleAgents.length} agents; ${spaces})\n`);
    return true;
  }
  io.err(`${path}: ${problems.length} problem${problems.length === 1 ? '' : 's'} (parallel multi-agent env):\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  return false;
}
