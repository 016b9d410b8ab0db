import { isVectorEnv, type Env, type VectorEnv } from '../core/env.js';
import { isConstrainedEnv, type ConstrainedEnv, type ConstraintSpec } from '../envs/constrained/constrained-env.js';

/** The first copy of a vector env whose copies are constrained envs (a `SyncVectorEnv` holds them in `envs`). */
export function constrainedCopy(env: VectorEnv): ConstrainedEnv | undefined {
  const first = (env as { readonly envs?: readonly Env[] }).envs?.[0];
  return first !== undefined && isConstrainedEnv(first) ? first : undefined;
}

/** The constraints of a run's env (of each copy for a vector env), or undefined when it has none. */
export function constraintsOf(env: Env | VectorEnv): readonly ConstraintSpec[] | undefined {
  if (isVectorEnv(env)) return constrainedCopy(env)?.constraints;
  return isConstrainedEnv(env) ? env.constraints : undefined;
}
