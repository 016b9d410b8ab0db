import { takeWhile, type MonoTypeOperatorFunction } from 'rxjs';
import { InvalidArgumentError } from '../../core/errors.js';

/**
 * Passes records through and completes right after the first evaluation (a record with `kind: 'eval'`) whose mean
 * return reaches `threshold` (an env's `spec.rewardThreshold`); that evaluation is still emitted. Unsubscribing from
 * the steps upstream stops training.
 */
export function stopAtRewardThreshold<T extends { readonly kind: string; readonly mean?: unknown }>(threshold: number): MonoTypeOperatorFunction<T> {
  if (Number.isNaN(threshold)) throw new InvalidArgumentError('stopAtRewardThreshold: threshold is NaN; give a number');
  return takeWhile((r) => !(r.kind === 'eval' && (r.mean as number) >= threshold), true);
}
