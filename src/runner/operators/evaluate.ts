import { Observable, type OperatorFunction } from 'rxjs';
import type { Agent } from '../../core/agent.js';
import type { Env } from '../../core/env.js';
import { InvalidArgumentError } from '../../core/errors.js';
import type { RunnerEvent } from '../events.js';
import { rollout, type RolloutResult } from '../rollout.js';
import { checkPeriod, crossedMultiple } from './every-steps.js';

/** The result of one greedy evaluation during a run. */
export interface EvalRecord {
  readonly step: number;
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
  readonly meanLength: number;
  readonly returns: readonly number[];
  /**
   * For a `ConstrainedEnv`, each constraint's mean episode value over the evaluation episodes (the mean discounted
   * cost for a discounted constraint), in the order of its `constraints`, beside the mean return.
   */
  readonly meanCosts?: readonly number[];
  /** Wall-clock seconds the evaluation took (a timing: it differs between runs). */
  readonly evalS: number;
}

/** Options of `evaluate`. */
export interface EvaluateOptions {
  /** Seeds the evaluation episodes; every evaluation plays the same starting states. Default 1000003. */
  readonly seed?: number;
  /** Acts with exploration. Default false (greedy). */
  readonly explore?: boolean;
  /** Called with each evaluation before it is emitted; a promise it returns holds the loop (saving the best agent). */
  readonly onRecord?: (r: EvalRecord) => Promise<void> | undefined;
}

/** The mean over episodes of each constraint's episode value (`costs[episode][constraint]`). */
export function meanPerConstraint(costs: readonly (readonly number[])[]): number[] {
  const m = costs[0]?.length ?? 0;
  return Array.from({ length: m }, (_, i) => costs.reduce((a, c) => a + (c[i] as number), 0) / costs.length);
}

/** Mean, standard deviation and range of evaluation returns. */
function evalRecord(step: number, { returns, lengths, costs }: RolloutResult, evalS: number): EvalRecord {
  const n = returns.length;
  const mean = returns.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(returns.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  const meanLength = lengths.reduce((a, b) => a + b, 0) / n;
  const meanCosts = costs && meanPerConstraint(costs);
  return { step, mean, std, min: Math.min(...returns), max: Math.max(...returns), meanLength, returns, ...(meanCosts && { meanCosts }), evalS };
}

/**
 * Every time the step count passes a multiple of `every`, plays `episodes` greedy episodes of the event's agent on
 * an environment of its own (built once by `envFactory`, closed at the end) and emits their statistics. It runs
 * between two training steps, so the agent does not change while it is evaluated.
 */
export function evaluate<Obs, Act>(every: number, envFactory: () => Env<Obs, Act>, episodes: number, opts: EvaluateOptions = {}): OperatorFunction<RunnerEvent, EvalRecord> {
  checkPeriod('evaluate', every);
  if (!Number.isInteger(episodes) || episodes < 1) throw new InvalidArgumentError(`evaluate: episodes is ${episodes}; it must be an integer >= 1`);
  const seed = opts.seed ?? 1_000_003;
  return (source) =>
    new Observable<EvalRecord>((sub) => {
      let env: Env<Obs, Act> | undefined;
      const inner = source.subscribe({
        next(ev) {
          if (!crossedMultiple(ev, every)) return;
          env ??= envFactory();
          const t0 = performance.now();
          const r = rollout(env, ev.agent as unknown as Agent<Obs, Act>, { episodes, seed, explore: opts.explore ?? false });
          const record = evalRecord(ev.step, r, (performance.now() - t0) / 1000);
          const saving = opts.onRecord?.(record);
          if (saving !== undefined) ev.hold(saving);
          sub.next(record);
        },
        error: (e: unknown) => sub.error(e),
        complete: () => sub.complete(),
      });
      return () => {
        inner.unsubscribe();
        env?.close();
      };
    });
}
