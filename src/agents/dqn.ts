import * as tf from '@tensorflow/tfjs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { argmax } from '../core/argmax.js';
import { checkInteger } from '../core/checks.js';
import type { ActOptions, BatchTransition, StepStats, Transition, VectorAgent } from '../core/agent.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { InvalidArgumentError } from '../core/errors.js';
import { Rng, type RngState } from '../core/rng.js';
import { linearSchedule } from '../core/schedules.js';
import type { Space } from '../core/spaces/index.js';
import { NStepReplayBuffer } from '../replay/n-step.js';
import { PrioritizedReplayBuffer } from '../replay/prioritized-buffer.js';
import type { ReplayBuffer, TransitionBatch } from '../replay/replay-buffer.js';
import { RingBuffer } from '../replay/ring-buffer.js';
import { type TensorBatch, TensorReplayBuffer } from '../replay/tensor-buffer.js';
import { type DqnConfig, resolveDqnConfig } from './dqn-config.js';
import { dqnTargets } from './dqn-targets.js';
import { Adam } from '../nn/adam.js';
import { loadNetCheckpoint, saveNetCheckpoint } from '../nn/checkpoint.js';
import { clipByGlobalNorm } from '../nn/clip.js';
import { Mlp } from '../nn/mlp.js';

/** What `save` writes to `state.json`: counters, RNG states and the config it was trained with. */
interface DqnState {
  readonly config: DqnConfig;
  readonly numTimesteps: number;
  readonly rng: { readonly explore: RngState; readonly replay: RngState };
}

/**
 * Deep Q-learning (Mnih et al. 2015) with the usual refinements, in Stable-Baselines3's shape: the agent stores
 * what it observes and, every `trainFreq` steps after `learningStarts`, runs `gradientSteps` updates in `train`.
 */
export class Dqn implements VectorAgent {
  readonly config: DqnConfig;
  readonly obsDim: number;
  readonly numActions: number;
  readonly q: Mlp;
  readonly qTarget: Mlp;
  readonly replay: ReplayBuffer;
  /** The prioritized buffer under `replay` (which may be its n-step adapter), when `replay` is 'prioritized'. */
  private readonly prioritized: PrioritizedReplayBuffer | undefined;
  private readonly optimizer: Adam;
  private readonly exploreRng: Rng;
  private readonly replayRng: Rng;
  private numTimesteps = 0;
  private lastLoss = Number.NaN;

  /**
   * A DQN agent for `obsDim`-dimensional observations and `numActions` discrete actions. `config` (all optional):
   * see `DQN_SCHEMA` for each setting's default, allowed values and meaning.
   * Random streams for network init, exploration and replay sampling are forked from `seed`.
   */
  constructor(obsDim: number, numActions: number, config: Partial<DqnConfig> = {}, seed: number | string = 0) {
    this.config = resolveDqnConfig(config);
    checkInteger('Dqn: obsDim', obsDim);
    checkInteger('Dqn: numActions', numActions);
    this.obsDim = obsDim;
    this.numActions = numActions;
    const rng = new Rng(seed);
    const initRng = rng.fork();
    this.exploreRng = rng.fork();
    this.replayRng = rng.fork();
    const sizes = [obsDim, ...this.config.netArch, numActions];
    this.q = new Mlp(sizes, initRng, { name: 'q' });
    this.qTarget = new Mlp(sizes, initRng, { name: 'q_target' });
    this.qTarget.updateFrom(this.q, 1);
    this.optimizer = new Adam([this.q.params], { learningRate: this.config.learningRate });
    const { bufferSize: capacity, replay, nStep, gamma, prioritizedAlpha: alpha, prioritizedBeta0: beta, prioritizedEps: eps } = this.config;
    this.prioritized = replay === 'prioritized' ? new PrioritizedReplayBuffer({ capacity, obsDim, alpha, beta, eps }) : undefined;
    const slotted = this.prioritized ?? new RingBuffer({ capacity, obsDim });
    // resolveDqnConfig rejects nStep > 1 with the tensor buffer.
    this.replay = replay === 'tensor' ? new TensorReplayBuffer({ capacity, obsDim }) : nStep > 1 ? new NStepReplayBuffer(slotted, nStep, gamma) : slotted;
  }

  /** ε now: linear from `explorationInitialEps` to `explorationFinalEps` over the exploration fraction. */
  get epsilon(): number {
    const { explorationInitialEps: e0, explorationFinalEps: e1, explorationFraction: f, totalTimesteps } = this.config;
    const progress = f === 0 ? 1 : Math.min(1, this.numTimesteps / (f * totalTimesteps));
    return e0 + (e1 - e0) * progress;
  }

  /** Env steps observed so far. */
  get timesteps(): number {
    return this.numTimesteps;
  }

  /** ε-greedy action for one observation (greedy with `explore: false`). */
  act(obs: Float32Array, opts?: ActOptions): number {
    return this.actBatch(obs, 1, opts)[0] as number;
  }

  /** ε-greedy actions for `n` observations stacked row-major. */
  actBatch(obs: Float32Array, n: number, opts?: ActOptions): Int32Array {
    if (obs.length !== n * this.obsDim) {
      throw new InvalidArgumentError(`Dqn.actBatch: obs must have n * obsDim = ${n * this.obsDim} entries, got ${obs.length}`);
    }
    const explore = opts?.explore ?? true;
    const eps = explore ? this.epsilon : 0;
    const actions = new Int32Array(n);
    // One forward pass serves every row (env copy); rows that explore ignore theirs.
    const q = this.q.forwardHost(obs, n, new Float64Array(n * this.numActions));
    for (let i = 0; i < n; i++) {
      // Both draws happen for every row while exploring, so the stream does not depend on ε.
      const u = explore ? this.exploreRng.random() : 1;
      const randomAction = explore ? this.exploreRng.integer(0, this.numActions) : 0;
      if (u < eps) {
        actions[i] = randomAction;
      } else {
        actions[i] = argmax(q, i * this.numActions, this.numActions);
      }
    }
    return actions;
  }

  /**
   * Stores one transition and trains when the schedule says so; a training phase returns a promise (it reads the
   * loss and the new weights back asynchronously, once), other steps their stats.
   */
  observe(t: Transition<Float32Array, number | Float32Array>): StepStats | Promise<StepStats> {
    // A time-limit truncation is not terminal: the buffer bootstraps from nextObs.
    this.replay.add(t.obs, t.action, t.reward, t.nextObs, t.terminated, t.truncated);
    return this.onSteps(1);
  }

  /** Ends the episodes under way (`VectorAgent.endEpisodes`): the n-step windows, if any, are dropped. */
  endEpisodes(): void {
    this.replay.endEpisodes?.();
  }

  /** Stores the valid rows of a vector-env batch and trains when the schedule says so. */
  observeBatch(t: BatchTransition): StepStats | Promise<StepStats> {
    this.replay.addBatch(t);
    let valid = 0;
    for (let i = 0; i < t.n; i++) if (t.valid[i]) valid++;
    return this.onSteps(valid);
  }

  /** Advances the step counter by `k`, running the updates and target syncs that fall due. */
  private onSteps(k: number): StepStats | Promise<StepStats> {
    const { learningStarts, trainFreq, gradientSteps, targetUpdateInterval, tau } = this.config;
    for (let s = 0; s < k; s++) {
      this.numTimesteps++;
      if (this.numTimesteps % targetUpdateInterval === 0) this.qTarget.updateFrom(this.q, tau);
      if (this.numTimesteps > learningStarts && this.numTimesteps % trainFreq === 0 && gradientSteps > 0) {
        return this.train(gradientSteps).then(() => this.afterTraining(k - s - 1));
      }
    }
    return { epsilon: this.epsilon };
  }

  /** The rest of `onSteps` after a training phase, with that phase's loss. */
  private async afterTraining(rest: number): Promise<StepStats> {
    const more = await this.onSteps(rest);
    return { ...more, loss: this.lastLoss };
  }

  /**
   * Runs `gradientSteps` updates on batches sampled from the replay buffer; resolves to the last loss. Nothing is
   * read back during the updates (prioritized replay reads each batch's TD errors); at the end one read brings the
   * new weights, for acting on the host, and the last loss.
   */
  async train(gradientSteps: number): Promise<number> {
    const { batchSize, prioritizedBeta0: beta0, totalTimesteps } = this.config;
    const replay = this.replay;
    if (this.config.learningRateSchedule === 'linear') {
      this.optimizer.learningRate = linearSchedule(this.config.learningRate, this.numTimesteps / totalTimesteps);
    }
    // β anneals linearly from β0 to 1 over the planned run (Schaul et al. 2016, section 3.4).
    if (this.prioritized) this.prioritized.beta = Math.min(1, beta0 + (1 - beta0) * (this.numTimesteps / totalTimesteps));
    let loss: tf.Scalar | undefined;
    for (let g = 0; g < gradientSteps; g++) {
      loss?.dispose();
      if (replay instanceof TensorReplayBuffer) {
        loss = tf.tidy(() => this.gradientStep(replay.sampleTensors(batchSize, this.replayRng)).loss);
      } else {
        const sample = replay.sample(batchSize, this.replayRng);
        const { loss: l, tdError } = tf.tidy(() => this.gradientStep(toTensors(sample, this.obsDim), this.prioritized !== undefined));
        loss = l;
        if (tdError) {
          const td = await tdError.data();
          tdError.dispose();
          this.prioritized?.updatePriorities(sample.indices, td);
        }
      }
    }
    this.q.changed();
    if (loss) {
      const last = loss;
      this.lastLoss = (await this.q.syncHost([last]).finally(() => last.dispose()))[0] as number;
    }
    return this.lastLoss;
  }

  /**
   * One update: targets from the target network, loss on the taken actions' values, clipped Adam step. Returns the
   * loss and, when asked, the TD errors (for priorities).
   */
  private gradientStep(batch: TensorBatch, wantTdError = false): { loss: tf.Scalar; tdError?: tf.Tensor1D } {
    const { gamma, doubleDqn, maxGradNorm } = this.config;
    const layers = this.q.layers();
    const targets = tf.tidy(() =>
      dqnTargets({
        rewards: batch.rewards,
        terminated: batch.terminated,
        discounts: batch.discounts ?? gamma,
        nextQTarget: this.qTarget.applyFrozen(batch.nextObs),
        ...(doubleDqn ? { nextQOnline: this.q.applyLayers(batch.nextObs, layers) } : {}),
      }),
    );
    const actionMask = tf.oneHot(batch.actions as tf.Tensor1D, this.numActions);
    let qTaken: tf.Tensor1D | undefined;
    const { value, grads } = tf.valueAndGrads((...ws: tf.Tensor[]) => {
      // Kept past the gradient's inner scope for the TD errors; disposed below.
      qTaken = tf.keep(tf.sum(tf.mul(this.q.applyLayersForGrad(batch.obs, ws), actionMask), 1) as tf.Tensor1D);
      return this.loss(targets, qTaken, batch.weights);
    })(layers);
    this.optimizer.step(clipByGlobalNorm([Mlp.flatten(grads)], maxGradNorm).grads);
    const tdError = wantTdError ? (tf.sub(targets, qTaken as tf.Tensor1D) as tf.Tensor1D) : undefined;
    qTaken?.dispose();
    return tdError ? { loss: value, tdError } : { loss: value };
  }

  /** Mean (importance-weighted) Huber or squared error between targets and predictions. */
  private loss(targets: tf.Tensor1D, predicted: tf.Tensor1D, weights?: tf.Tensor1D): tf.Scalar {
    const perRow =
      this.config.loss === 'huber'
        ? tf.losses.huberLoss(targets, predicted, undefined, 1, tf.Reduction.NONE)
        : tf.losses.meanSquaredError(targets, predicted, undefined, tf.Reduction.NONE);
    return tf.mean(weights ? tf.mul(perRow, weights) : perRow);
  }

  /** Writes weights, optimizer state, replay buffer, RNG states and counters into `dir`, each file atomically. */
  async save(dir: string): Promise<void> {
    await saveNetCheckpoint(join(dir, 'nets'), { nets: { q: this.q, q_target: this.qTarget }, optimizers: { adam: this.optimizer } });
    await this.replay.save(join(dir, 'replay.bin'));
    const state: DqnState = {
      config: this.config,
      numTimesteps: this.numTimesteps,
      rng: { explore: this.exploreRng.getState(), replay: this.replayRng.getState() },
    };
    await writeFileAtomic(join(dir, 'state.json'), JSON.stringify(state, null, 2));
  }

  /** Restores what `save` wrote; the agent must have been built with the same dimensions and network. */
  async load(dir: string): Promise<void> {
    const state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as DqnState;
    await loadNetCheckpoint(join(dir, 'nets'), { nets: { q: this.q, q_target: this.qTarget }, optimizers: { adam: this.optimizer } }, 'Dqn.load');
    await this.replay.load(join(dir, 'replay.bin'));
    await this.q.syncHost();
    this.numTimesteps = state.numTimesteps;
    this.exploreRng.setState(state.rng.explore);
    this.replayRng.setState(state.rng.replay);
  }

  /** Releases the networks' and optimizer's tensors. */
  dispose(): void {
    if (this.replay instanceof TensorReplayBuffer) this.replay.dispose();
    this.q.dispose();
    this.qTarget.dispose();
    this.optimizer.dispose();
  }
}

/** A typed-array batch as tensors; call inside `tf.tidy`. */
function toTensors(b: TransitionBatch, obsDim: number): TensorBatch {
  return {
    obs: tf.tensor2d(b.obs, [b.size, obsDim]),
    actions: tf.tensor1d(b.actions, 'int32'),
    rewards: tf.tensor1d(b.rewards),
    nextObs: tf.tensor2d(b.nextObs, [b.size, obsDim]),
    terminated: tf.tensor1d(b.terminated),
    ...(b.discounts ? { discounts: tf.tensor1d(b.discounts) } : {}),
    ...(b.weights ? { weights: tf.tensor1d(b.weights) } : {}),
  };
}

/** A DQN agent for a flat `Box` observation space and a `Discrete` action space (the runner's entry point). */
export function createDqn(observationSpace: Space<unknown>, actionSpace: Space<unknown>, config: Partial<DqnConfig> = {}, seed: number | string = 0): Dqn {
  // Checked by description, not instanceof: a user's env module may bring its own copy of the space classes.
  const obs = observationSpace.toJSON();
  const act = actionSpace.toJSON();
  if (obs.type !== 'Box' || observationSpace.shape.length !== 1) {
    throw new InvalidArgumentError(`createDqn: the observation space must be a 1-D Box, got ${String(observationSpace)}`);
  }
  if (act.type !== 'Discrete' || act.start !== 0) {
    throw new InvalidArgumentError(`createDqn: the action space must be Discrete(n) starting at 0, got ${String(actionSpace)}`);
  }
  return new Dqn(observationSpace.shape[0] as number, act.n as number, config, seed);
}
