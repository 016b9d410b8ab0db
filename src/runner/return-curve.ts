import { lastValueFrom, tap } from 'rxjs';
import type { Agent } from '../core/agent.js';
import type { Env } from '../core/env.js';
import { InvalidArgumentError } from '../core/errors.js';
import { interact } from './interact.js';

/** A training curve: at env steps `steps[k] = (k+1)·every`, the mean return of the episodes that ended in that window. */
export interface ReturnCurve {
  readonly steps: number[];
  readonly returns: number[];
  /** With `rollingEpisodes` k: at each window end, the mean return of the last k episodes (NaN before the k-th). */
  readonly rolling?: number[];
}

/**
 * Trains `agent` on `env` for `totalSteps` env steps through the runner and records the mean undiscounted return of
 * the training episodes ending in each window of `every` steps (the last window's value is carried forward through
 * windows where no episode ends), the usual learning curve of policy-gradient papers. With `rollingEpisodes` k it also
 * records the mean of the last k episodes at each window end (SB3's and Gymnasium's "solved" measure, e.g. k = 20).
 */
export async function trainReturnCurve<Obs, Act>(
  env: Env<Obs, Act>,
  agent: Agent<Obs, Act>,
  opts: { readonly totalSteps: number; readonly every: number; readonly seed: number; readonly rollingEpisodes?: number },
): Promise<ReturnCurve> {
  if (!(opts.every >= 1 && opts.totalSteps >= opts.every)) {
    throw new InvalidArgumentError(`trainReturnCurve: need 1 ≤ every ≤ totalSteps, got every ${opts.every}, totalSteps ${opts.totalSteps}`);
  }
  const k = opts.rollingEpisodes;
  if (k !== undefined && !(Number.isInteger(k) && k >= 1)) {
    throw new InvalidArgumentError(`trainReturnCurve: rollingEpisodes must be an integer ≥ 1, got ${k}`);
  }
  const steps: number[] = [];
  const returns: number[] = [];
  const rolling: number[] = [];
  const recent: number[] = [];
  let sum = 0;
  let count = 0;
  let last = NaN;
  await lastValueFrom(
    interact(env, agent, { seed: opts.seed, steps: opts.totalSteps }).pipe(
      tap((ev) => {
        for (const e of ev.episodeEnds) {
          sum += e.return;
          count++;
          if (k !== undefined) {
            recent.push(e.return);
            if (recent.length > k) recent.shift();
          }
        }
        if (ev.step % opts.every === 0) {
          if (count > 0) last = sum / count;
          steps.push(ev.step);
          returns.push(last);
          if (k !== undefined) rolling.push(recent.length === k ? recent.reduce((a, b) => a + b, 0) / k : NaN);
          sum = 0;
          count = 0;
        }
      }),
    ),
    { defaultValue: undefined },
  );
  return k === undefined ? { steps, returns } : { steps, returns, rolling };
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

/**
 * One seed of one method: builds its env and agent, trains them (`trainReturnCurve`), frees them, and fills the
 * windows before the first finished episode with the first measured value.
 */
export async function methodCurve(
  method: CurveMethod,
  seed: number,
  opts: { readonly totalSteps: number; readonly every: number; readonly rollingEpisodes?: number },
): Promise<ReturnCurve> {
  const { env, agent } = method.build(seed);
  const c = await trainReturnCurve(env, agent, { ...opts, seed });
  agent.dispose?.();
  env.close();
  const first = c.returns.find((x) => !Number.isNaN(x)) ?? 0;
  return { ...c, returns: c.returns.map((x) => (Number.isNaN(x) ? first : x)) };
}

/** The mean of the last `tail` windows of a curve: a run's final return. */
export function finalReturn(curve: readonly number[], tail: number): number {
  const last = curve.slice(-tail);
  return last.reduce((a, b) => a + b, 0) / last.length;
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
      const c = await methodCurve(m, seed, opts);
      steps = c.steps;
      curves.push(c.returns);
      finals.push(finalReturn(c.returns, opts.tail));
      opts.log?.(`${m.name} seed ${seed}: final ${(finals[finals.length - 1] as number).toFixed(1)}`);
    }
    out.push({ name: m.name, steps, curves, finals });
  }
  return out;
}
