import * as tf from '@tensorflow/tfjs';

/** A saved tensor as JSON. */
interface SavedTensor {
  readonly name: string;
  readonly shape: number[];
  readonly data: number[];
}

/** What `SavableAdam.getState` returns: plain JSON. */
export interface AdamState {
  /** tfjs's `getWeights()`: the step count, then the first and second moments. */
  readonly weights: readonly SavedTensor[];
  /** The running products β1^t and β2^t of the bias corrections. */
  readonly accBeta: readonly [number, number];
}

/** The fields of tfjs's Adam that `setWeights` rebuilds with rounding of its own (private in its typings). */
interface AdamInternals {
  readonly accBeta1: tf.Variable;
  readonly accBeta2: tf.Variable;
}

/**
 * tfjs's Adam with a state that saves and restores exactly. tfjs's own `setWeights` recomputes β^t with `pow`, which
 * rounds differently from the products it accumulates step by step, so a resumed run would drift in the last bits;
 * this also saves and puts back those products.
 */
export class SavableAdam extends tf.AdamOptimizer {
  /** Adam with β1 = 0.9, β2 = 0.999; `epsilon` defaults to the backend's (as `tf.train.adam`). */
  constructor(learningRate: number, epsilon?: number) {
    super(learningRate, 0.9, 0.999, epsilon);
  }

  /** Moments, step count and β powers (empty moments before the first step). */
  async getState(): Promise<AdamState> {
    const weights = await this.getWeights();
    const internals = this as unknown as AdamInternals;
    return {
      weights: weights.map((w) => ({ name: w.name, shape: w.tensor.shape, data: Array.from(w.tensor.dataSync()) })),
      accBeta: [internals.accBeta1.dataSync()[0] as number, internals.accBeta2.dataSync()[0] as number],
    };
  }

  /** Restores a state taken by `getState` from an optimizer of the same variables. */
  async setState(state: AdamState): Promise<void> {
    const named = state.weights.map((w) => ({ name: w.name, tensor: tf.tensor(w.data, w.shape, w.name === 'iter' ? 'int32' : 'float32') }));
    await this.setWeights(named);
    for (const w of named) w.tensor.dispose();
    const internals = this as unknown as AdamInternals;
    tf.tidy(() => {
      internals.accBeta1.assign(tf.scalar(state.accBeta[0]));
      internals.accBeta2.assign(tf.scalar(state.accBeta[1]));
    });
  }
}
