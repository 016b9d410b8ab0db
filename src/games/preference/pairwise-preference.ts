import { InvalidArgumentError, describeValue } from '../../core/errors.js';
import { type PreferenceLink, linkProbability } from './links.js';
import { type PreferenceMatrix, preferenceMatrix } from './preference-matrix.js';

/**
 * A preference between two items of any kind (responses, trajectories of an environment): P(a ≻ b) in [0, 1] with
 * P(a ≻ b) + P(b ≻ a) = 1. `tabulatePreference` checks both on a finite set of items.
 */
export type PairwisePreference<T> = (a: T, b: T) => number;

/** A reward (utility) of one item, e.g. the return of a trajectory under one reward function. */
export type ItemReward<T> = (item: T) => number;

/**
 * P(a ≻ b) by majority vote of several reward functions: 1 when more of them rank a above b than b above a, 0 when
 * fewer, ½ on a tie (a reward that ties a and b abstains). Three rewards can vote in a cycle (Condorcet), so this
 * preference can be intransitive where each reward alone is not.
 */
export function majorityVotePreference<T>(rewards: ReadonlyArray<ItemReward<T>>): PairwisePreference<T> {
  if (rewards.length === 0) throw new InvalidArgumentError('majorityVotePreference: needs at least one reward function, got none');
  return (a, b) => {
    let margin = 0;
    for (const r of rewards) margin += Math.sign(r(a) - r(b));
    return margin > 0 ? 1 : margin < 0 ? 0 : 0.5;
  };
}

/** Options of `noisyPreference`. */
export interface NoisyPreferenceOptions {
  /** 'bradley-terry' (logistic, the default) or 'thurstone' (probit). */
  readonly link?: PreferenceLink;
  /** Scale of the reward difference: larger is noisier; must be > 0 (default 1). */
  readonly temperature?: number;
}

/** P(a ≻ b) = link((r(a) − r(b)) / temperature): a noisy comparison of one reward. */
export function noisyPreference<T>(reward: ItemReward<T>, opts: NoisyPreferenceOptions = {}): PairwisePreference<T> {
  const link = opts.link ?? 'bradley-terry';
  const temperature = opts.temperature ?? 1;
  linkProbability(link, 0, temperature); // checks the link and temperature now, not at the first comparison
  return (a, b) => linkProbability(link, reward(a) - reward(b), temperature);
}

/**
 * The preference matrix of `pref` on a finite list of items (checked: a pair whose two orders do not sum to 1 is an
 * error naming it).
 */
export function tabulatePreference<T>(items: readonly T[], pref: PairwisePreference<T>): PreferenceMatrix {
  const rows = items.map((a, i) =>
    items.map((b, j) => {
      const p = i === j ? 0.5 : pref(a, b);
      if (typeof p !== 'number') throw new InvalidArgumentError(`tabulatePreference: P(y${i} ≻ y${j}) must be a number, got ${describeValue(p)}`);
      return p;
    }),
  );
  return preferenceMatrix(rows, 'tabulatePreference');
}
