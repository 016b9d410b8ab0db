import { hedgeStep } from '../dynamics/hedge.js';

/**
 * One optimistic Hedge step: x'(i) ∝ x(i)·exp(η·(2g_t(i) − g_{t−1}(i))), the gain of this round counted twice and
 * the last round's subtracted as a prediction of the next (Rakhlin & Sridharan 2013; Daskalakis & Panageas 2019
 * show its last iterate converges in zero-sum games where plain Hedge cycles). Writes into `out` when given.
 */
export function optimisticHedgeStep(
  x: ArrayLike<number>,
  gains: ArrayLike<number>,
  previousGains: ArrayLike<number>,
  eta: number,
  out = new Float64Array(x.length),
): Float64Array {
  const predicted = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) predicted[i] = 2 * (gains[i] as number) - (previousGains[i] as number);
  return hedgeStep(x, predicted, eta, out);
}
