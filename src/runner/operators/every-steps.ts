import { filter, type MonoTypeOperatorFunction } from 'rxjs';
import { InvalidArgumentError } from '../../core/errors.js';
import type { RunnerEvent } from '../events.js';

/** Whether the step count passed a multiple of `every` on this event (it moves by `stepDelta`). */
export function crossedMultiple(ev: RunnerEvent, every: number): boolean {
  return Math.floor(ev.step / every) > Math.floor((ev.step - ev.stepDelta) / every);
}

/** Checks a period argument of an operator: a positive integer. */
export function checkPeriod(name: string, every: number): void {
  if (!Number.isInteger(every) || every < 1) throw new InvalidArgumentError(`${name}: every is ${every}; it must be an integer >= 1`);
}

/**
 * The steps at which the step count passes a multiple of `every` (every k-th step for a single env; for a vector
 * env, the batch step that crosses it). Depends on the count only, so a resumed run picks the same steps.
 */
export function everySteps<E extends RunnerEvent>(every: number): MonoTypeOperatorFunction<E> {
  checkPeriod('everySteps', every);
  return filter((ev) => crossedMultiple(ev, every));
}
