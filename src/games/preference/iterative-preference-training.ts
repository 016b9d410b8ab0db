import * as tf from '@tensorflow/tfjs';
import { checkInteger } from '../../core/checks.js';
import { InvalidArgumentError, describeValue } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import { Adam } from '../../nn/adam.js';
import { type ContextualPreference, asContextual } from './contextual-preference.js';
import { type PairLogProbs, dpoLoss, ipoLoss, sppoSquareLoss } from './preference-losses.js';
import type { PreferenceMatrix } from './preference-matrix.js';
import type { SoftmaxResponsePolicy } from './response-policy.js';
import { type SelfPlayPairs, sampleSelfPlayPairs } from './self-play-pairs.js';

/** The loss of each iteration: SPPO's square loss (step η), DPO (β) or IPO (τ). */
export type PreferenceLossSpec = { readonly kind: 'sppo'; readonly eta: number } | { readonly kind: 'dpo'; readonly beta: number } | { readonly kind: 'ipo'; readonly tau: number };

/** Options of `trainPreferenceIterations`. */
export interface PreferenceIterationOptions {
  readonly loss: PreferenceLossSpec;
  /** Number of self-play iterations t = 1..T. */
  readonly iterations: number;
  /** K responses sampled per prompt (default 5, the authors'). */
  readonly samples?: number;
  /** Prompts (draws of K) per context per iteration (default 64). */
  readonly promptsPerContext?: number;
  /** Full-batch Adam steps per iteration, from a fresh optimizer each time (default 100). */
  readonly steps?: number;
  /** Adam's learning rate (default 0.05). */
  readonly learningRate?: number;
  /**
   * 'each-iteration' (default): the reference is π_t, the policy at the start of the iteration (SPPO, iterative DPO
   * and IPO); 'fixed': the reference stays the initial policy, as in one-round DPO/IPO (the pairs still come from π_t).
   */
  readonly reference?: 'each-iteration' | 'fixed';
  /** Called after each iteration with π_{t}(·|x) for every context. */
  readonly observe?: (t: number, probs: Float64Array[]) => void;
}

function checkPositive(name: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) throw new InvalidArgumentError(`trainPreferenceIterations: ${name} must be a finite number > 0, got ${describeValue(value)}`);
}

/** The scalar loss of one batch, inside the caller's tidy. */
function batchLoss(spec: PreferenceLossSpec, p: PairLogProbs, pairs: { winRateWinner: tf.Tensor1D; winRateLoser: tf.Tensor1D }): tf.Scalar {
  if (spec.kind === 'sppo') return sppoSquareLoss(p, pairs.winRateWinner, pairs.winRateLoser, spec.eta);
  if (spec.kind === 'dpo') return dpoLoss(p, spec.beta);
  return ipoLoss(p, spec.tau);
}

/** Minimises the loss of one iteration's pairs by `steps` Adam steps; the reference log-probs are constants. */
function fitIteration(policy: SoftmaxResponsePolicy, spec: PreferenceLossSpec, pairs: SelfPlayPairs, reference: Float64Array[], steps: number, lr: number): void {
  const refAt = (ys: Int32Array) => Float32Array.from(ys, (y, k) => Math.log(reference[pairs.contexts[k]!]![y]!));
  const contexts = tf.tensor1d(pairs.contexts, 'int32');
  const winners = tf.tensor1d(pairs.winners, 'int32');
  const losers = tf.tensor1d(pairs.losers, 'int32');
  const referenceWinner = tf.tensor1d(refAt(pairs.winners));
  const referenceLoser = tf.tensor1d(refAt(pairs.losers));
  const winRateWinner = tf.tensor1d(pairs.winRateWinner);
  const winRateLoser = tf.tensor1d(pairs.winRateLoser);
  // tfjs's Adam ε (1e-7), which these runs were first made with.
  const optimizer = new Adam([policy.logits], { learningRate: lr, eps: 1e-7 });
  try {
    for (let s = 0; s < steps; s++) {
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => {
          const p: PairLogProbs = { policyWinner: policy.logProb(contexts, winners), policyLoser: policy.logProb(contexts, losers), referenceWinner, referenceLoser };
          return batchLoss(spec, p, { winRateWinner, winRateLoser });
        }, [policy.logits]);
        optimizer.step([grads[policy.logits.name] as tf.Tensor]);
      });
    }
  } finally {
    optimizer.dispose();
    tf.dispose([contexts, winners, losers, referenceWinner, referenceLoser, winRateWinner, winRateLoser]);
  }
}

/**
 * Self-play preference optimisation on a softmax response policy: each iteration draws K responses per prompt from
 * π_t, builds the (y_w, y_l) pairs with their P̂, and fits π_{t+1} by the chosen loss with π_t (or the initial policy)
 * as the reference. With the SPPO loss this is SPPO's Algorithm 1 (Wu et al. 2024); with DPO or IPO, their
 * iterative versions on the same pairs.
 */
export async function trainPreferenceIterations(
  policy: SoftmaxResponsePolicy,
  preference: PreferenceMatrix | ContextualPreference,
  opts: PreferenceIterationOptions,
  rng: Rng,
): Promise<void> {
  const P = asContextual(preference);
  if (P.numContexts !== policy.numContexts || P.numResponses !== policy.numResponses) {
    throw new InvalidArgumentError(
      `trainPreferenceIterations: the policy has ${policy.numContexts} contexts × ${policy.numResponses} responses, the preference ${P.numContexts} × ${P.numResponses}`,
    );
  }
  const spec = opts.loss;
  if (spec.kind === 'sppo') checkPositive('eta', spec.eta);
  else if (spec.kind === 'dpo') checkPositive('beta', spec.beta);
  else if (spec.kind === 'ipo') checkPositive('tau', spec.tau);
  else throw new InvalidArgumentError(`trainPreferenceIterations: unknown loss ${describeValue(spec)}; allowed kinds: sppo, dpo, ipo`);
  checkInteger('trainPreferenceIterations: iterations', opts.iterations, 1);
  const steps = opts.steps ?? 100;
  checkInteger('trainPreferenceIterations: steps', steps, 1);
  const lr = opts.learningRate ?? 0.05;
  checkPositive('learningRate', lr);
  const initial = await policy.probabilities();
  for (let t = 1; t <= opts.iterations; t++) {
    const current = await policy.probabilities();
    const pairs = sampleSelfPlayPairs(P, current, { samples: opts.samples ?? 5, promptsPerContext: opts.promptsPerContext ?? 64 }, rng);
    fitIteration(policy, spec, pairs, opts.reference === 'fixed' ? initial : current, steps, lr);
    opts.observe?.(t, await policy.probabilities());
  }
}
