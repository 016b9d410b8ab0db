import { lastValueFrom, tap } from 'rxjs';
import type { Agent } from '../core/agent.js';
import type { Env } from '../core/env.js';
import { InvalidArgumentError } from '../core/errors.js';
import { interact } from '../runner/interact.js';

/** A training curve: at env steps `steps[k] = (k+1)·every`, the mean return of the episodes that ended in that window. */
export interface ReturnCurve {
  readonly steps: number[];
  readonly returns: number[];
}

/**
 * Trains `agent` on `env` for `totalSteps` env steps through the runner and records the mean undiscounted return of
 * the training episodes ending in each window of `every` steps (the last window's value is carried forward through
 * windows where no episode ends), the usual learning curve of policy-gradient papers.
 */
export async function trainReturnCurve<Obs, Act>(
  env: Env<Obs, Act>,
  agent: Agent<Obs, Act>,
  opts: { readonly totalSteps: number; readonly every: number; readonly seed: number },
): Promise<ReturnCurve> {
  if (!(opts.every >= 1 && opts.totalSteps >= opts.every)) {
    throw new InvalidArgumentError(`trainReturnCurve: need 1 ≤ every ≤ totalSteps, got every ${opts.every}, totalSteps ${opts.totalSteps}`);
  }
  const steps: number[] = [];
  const returns: number[] = [];
  let sum = 0;
  let count = 0;
  let last = NaN;
  await lastValueFrom(
    interact(env, agent, { seed: opts.seed, steps: opts.totalSteps }).pipe(
      tap((ev) => {
        for (const e of ev.episodeEnds) {
          sum += e.return;
          count++;
        }
        if (ev.step % opts.every === 0) {
          if (count > 0) last = sum / count;
          steps.push(ev.step);
          returns.push(last);
          sum = 0;
          count = 0;
        }
      }),
    ),
    { defaultValue: undefined },
  );
  return { steps, returns };
}

/** One method of a learning-curve comparison: builds a fresh env and agent for a seed. */
export interface CurveMethod {
  readonly name: string;
  build(seed: number): { env: Env<Float32Array, number | Float32Array>; agent: Agent<Float32Array, number | Float32Array> & { dispose?(): void } };
}

/** The curves of every seed of one method, and the mean return over the last `tail` windows of each seed. */
export interface MethodCurves {
  readonly name: string;
  readonly steps: number[];
  readonly curves: number[][];
  readonly finals: number[];
}

/** Runs every method on every seed (in order) and collects their `trainReturnCurve`s. */
export async function learningCurves(
  methods: readonly CurveMethod[],
  seeds: readonly number[],
  opts: { readonly totalSteps: number; readonly every: number; readonly tail: number; readonly log?: (line: string) => void },
): Promise<MethodCurves[]> {
  const out: MethodCurves[] = [];
  for (const m of methods) {
    const curves: number[][] = [];
    const finals: number[] = [];
    let steps: number[] = [];
    for (const seed of seeds) {
      const { env, agent } = m.build(seed);
      const c = await trainReturnCurve(env, agent, { totalSteps: opts.totalSteps, every: opts.every, seed });
      agent.dispose?.();
      env.close();
      // Windows before the first finished episode have no value yet: they take the first measured one.
      const first = c.returns.find((x) => !Number.isNaN(x)) ?? 0;
      const curve = c.returns.map((x) => (Number.isNaN(x) ? first : x));
      steps = c.steps;
      curves.push(curve);
      const tail = curve.slice(-opts.tail);
      finals.push(tail.reduce((a, b) => a + b, 0) / tail.length);
      opts.log?.(`${m.name} seed ${seed}: final ${(finals[finals.length - 1] as number).toFixed(1)}`);
    }
    out.push({ name: m.name, steps, curves, finals });
  }
  return out;
}
