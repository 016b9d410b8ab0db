import { InvalidArgumentError, describeValue } from '../../core/errors.js';

/** The link from a reward difference to a preference probability: logistic (Bradley–Terry) or probit (Thurstone). */
export type PreferenceLink = 'bradley-terry' | 'thurstone';

/** The standard normal CDF Φ(x) for x ≥ 0, by the Zelen–Severo (Abramowitz–Stegun 26.2.17) series, |error| < 7.5e-8. */
function normalCdfNonNegative(x: number): number {
  const t = 1 / (1 + 0.2316419 * x);
  const poly = t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return 1 - Math.exp(-0.5 * x * x) * poly * 0.3989422804014327;
}

/** σ(x) for x ≥ 0, without overflow. */
function logisticNonNegative(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * P(a ≻ b) = link((r(a) − r(b)) / temperature): σ for Bradley–Terry, Φ for Thurstone. Computed for |d| and
 * reflected, so that link(d) + link(−d) = 1 exactly and the preference it makes is complementary.
 */
export function linkProbability(link: PreferenceLink, rewardDifference: number, temperature: number): number {
  if (!(temperature > 0) || !Number.isFinite(temperature)) {
    throw new InvalidArgumentError(`linkProbability: temperature must be a finite number > 0, got ${describeValue(temperature)}`);
  }
  let f: (x: number) => number;
  if (link === 'bradley-terry') f = logisticNonNegative;
  else if (link === 'thurstone') f = normalCdfNonNegative;
  else throw new InvalidArgumentError(`linkProbability: unknown link ${JSON.stringify(link)}; allowed: bradley-terry, thurstone`);
  const d = rewardDifference / temperature;
  if (Number.isNaN(d)) throw new InvalidArgumentError('linkProbability: the reward difference must be a number, got NaN');
  return d >= 0 ? f(d) : 1 - f(-d);
}
