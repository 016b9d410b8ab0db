import { checkInteger } from '../../core/checks.js';
import { InvalidArgumentError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import type { ContextualPreference } from './contextual-preference.js';

/** Chosen/rejected pairs drawn by self-play, with each one's estimated win rate P̂(y ≻ π_t) against the policy. */
export interface SelfPlayPairs {
  readonly contexts: Int32Array;
  readonly winners: Int32Array;
  readonly losers: Int32Array;
  readonly winRateWinner: Float32Array;
  readonly winRateLoser: Float32Array;
}

/** Options of `sampleSelfPlayPairs`. */
export interface SelfPlayPairsOptions {
  /** K ≥ 2 responses drawn from π_t per prompt (the authors use 5). */
  readonly samples: number;
  /** How many prompts (draws of K) per context (default 1). */
  readonly promptsPerContext?: number;
}

/**
 * For each context, `promptsPerContext` times: K responses y_1..y_K ~ π_t(·|x), P̂(y_i ≻ π_t) = (1/K)·Σ_j P(y_i ≻ y_j)
 * over all K (the diagonal ½ included, as the authors' code does), and the pair y_w = argmax P̂, y_l = argmin P̂
 * (first index on ties; the authors rank by the reward model's score, which orders the same way under Bradley–Terry).
 */
export function sampleSelfPlayPairs(P: ContextualPreference, policy: readonly ArrayLike<number>[], opts: SelfPlayPairsOptions, rng: Rng): SelfPlayPairs {
  const K = opts.samples;
  const prompts = opts.promptsPerContext ?? 1;
  checkInteger('sampleSelfPlayPairs: samples', K, 2);
  checkInteger('sampleSelfPlayPairs: promptsPerContext', prompts, 1);
  if (policy.length !== P.numContexts) throw new InvalidArgumentError(`sampleSelfPlayPairs: the policy must have ${P.numContexts} rows (one per context), got ${policy.length}`);
  const total = P.numContexts * prompts;
  const out = {
    contexts: new Int32Array(total),
    winners: new Int32Array(total),
    losers: new Int32Array(total),
    winRateWinner: new Float32Array(total),
    winRateLoser: new Float32Array(total),
  };
  const ys = new Int32Array(K);
  const pHat = new Float64Array(K);
  let row = 0;
  for (let c = 0; c < P.numContexts; c++) {
    const { probs, size } = P.contexts[c]!;
    for (let m = 0; m < prompts; m++, row++) {
      for (let k = 0; k < K; k++) ys[k] = rng.categorical(policy[c]!);
      let best = 0;
      let worst = 0;
      for (let i = 0; i < K; i++) {
        let s = 0;
        for (let j = 0; j < K; j++) s += probs[ys[i]! * size + ys[j]!]!;
        pHat[i] = s / K;
        if (pHat[i]! > pHat[best]!) best = i;
        if (pHat[i]! < pHat[worst]!) worst = i;
      }
      out.contexts[row] = c;
      out.winners[row] = ys[best]!;
      out.losers[row] = ys[worst]!;
      out.winRateWinner[row] = pHat[best]!;
      out.winRateLoser[row] = pHat[worst]!;
    }
  }
  return out;
}
