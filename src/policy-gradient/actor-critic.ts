import * as tf from '@tensorflow/tfjs';
import type { ActOptions, BatchTransition, StepStats, Transition, VectorAgent } from '../core/agent.js';
import { InvalidArgumentError } from '../core/errors.js';
import { Rng, type RngState } from '../core/rng.js';
import { linearSchedule } from '../core/schedules.js';
import type { Space } from '../core/spaces/space.js';
import { Adam } from '../nn/adam.js';
import { clipByGlobalNorm } from '../nn/clip.js';
import { loadNets, readCheckpoint, saveNets, writeCheckpoint } from './checkpoint.js';
import { standardize } from './estimators.js';
import { gae } from './gae.js';
import { makePolicy } from './make-policy.js';
import type { Policy, PolicyNetOptions } from './policy.js';
import { ValueNet } from './value-net.js';

/** How a rate changes over training: held, or decayed linearly to 0 at `totalTimesteps` (SB3 zoo's `lin_` values). */
export type RateSchedule = 'constant' | 'linear';

/** PPO's clipped surrogate, as an option of the actor-critic; names as SB3's PPO. */
export interface PpoOptions {
  /** ε of clip(r, 1−ε, 1+ε) [0.2]. */
  readonly clipRange?: number;
  /** ['constant'], or 'linear': ε decays to 0 at `totalTimesteps`. */
  readonly clipRangeSchedule?: RateSchedule;
  /** Passes over each rollout [10]. */
  readonly nEpochs?: number;
  /** Rows per minibatch [64]. */
  readonly batchSize?: number;
  /** Clip V − V_old to ±this in the value loss (PPO2's value clipping); off when undefined. */
  readonly clipRangeVf?: number;
}

/** Options of `ActorCritic`, named as SB3's A2C and PPO; defaults in brackets are A2C's (Mnih et al. 2016, SB3 defaults). */
export interface ActorCriticOptions extends PolicyNetOptions {
  /** Steps per environment copy between updates [5]. */
  readonly nSteps?: number;
  /** Discount γ [0.99]. */
  readonly gamma?: number;
  /** GAE λ [1: n-step returns bootstrapped at the rollout's end]. */
  readonly gaeLambda?: number;
  /** Adam learning rate [7e-4]. */
  readonly learningRate?: number;
  /** ['constant'], or 'linear': the learning rate decays to 0 at `totalTimesteps`. */
  readonly learningRateSchedule?: RateSchedule;
  /** Steps the linear schedules run over [1e6]. */
  readonly totalTimesteps?: number;
  readonly entCoef?: number;
  readonly vfCoef?: number;
  /** Global gradient-norm clip [0.5]. */
  readonly maxGradNorm?: number;
  /** Standardize advantages per minibatch [false for A2C, true for PPO]. */
  readonly normalizeAdvantage?: boolean;
  /** Use PPO's clipped objective with minibatch epochs; plain A2C (one full-batch step) when undefined. */
  readonly ppo?: PpoOptions;
}

/** Per-copy rollout storage, row = copy·nSteps + k. */
interface Rollout {
  readonly obs: Float32Array;
  readonly nextObs: Float32Array;
  readonly actions: Float32Array;
  readonly rewards: Float64Array;
  readonly terminated: Uint8Array;
  readonly ends: Uint8Array;
  readonly count: Int32Array;
}

/** A rollout compacted to its valid rows, as `shapeAdvantages` sees it. */
export interface CompactRollout {
  readonly rows: readonly number[];
  readonly obs: Float32Array;
  readonly nextObs: Float32Array;
  readonly terminated: Uint8Array;
  readonly ends: Uint8Array;
  readonly advantages: Float64Array;
}

/**
 * Advantage actor-critic on N environment copies (A2C, Mnih et al. 2016) with GAE(λ) advantages, and PPO's clipped
 * objective as an option (Schulman et al. 2017): after every `nSteps` batched steps, the loss
 * −E[min(r·Â, clip(r, 1±ε)·Â)] + c_v·E[(V − R̂)²] − c_e·E[H] is minimized over minibatch epochs (A2C: one full-batch
 * step, where r ≡ 1 makes it the plain policy-gradient loss). Rows marked invalid (autoreset) are skipped.
 */
export class ActorCritic implements VectorAgent {
  readonly policy: Policy;
  readonly critic: ValueNet;
  readonly optimizer: Adam;
  readonly nSteps: number;
  readonly gamma: number;
  readonly gaeLambda: number;
  private readonly o: ActorCriticOptions;
  private rng: Rng;
  private store: Rollout | undefined;
  private numEnvs = 0;
  private calls = 0;
  /** Environment steps (valid rows) seen so far. */
  steps = 0;
  /** Updates done so far. */
  updates = 0;

  constructor(obsSpace: Space<unknown>, actSpace: Space<unknown>, rng: Rng, opts: ActorCriticOptions = {}) {
    this.o = opts;
    this.nSteps = opts.nSteps ?? 5;
    this.gamma = opts.gamma ?? 0.99;
    this.gaeLambda = opts.gaeLambda ?? 1;
    if (!(Number.isInteger(this.nSteps) && this.nSteps >= 1)) throw new InvalidArgumentError(`nSteps must be a positive integer, got ${this.nSteps}`);
    // Separate actor and critic networks of the same shape [(64, 64), tanh].
    const net: PolicyNetOptions = { netArch: opts.netArch ?? [64, 64], activationFn: opts.activationFn ?? 'tanh' };
    this.policy = makePolicy(obsSpace, actSpace, rng.fork(), net);
    this.critic = new ValueNet(this.policy.obsDim, rng.fork(), net);
    // One Adam over actor and critic, with SB3's ε = 1e-5.
    this.optimizer = new Adam([...this.policy.variables, this.critic.net.params], { learningRate: opts.learningRate ?? 7e-4, eps: 1e-5 });
    this.rng = rng.fork();
  }

  act(obs: Float32Array, opts?: ActOptions): number | Float32Array {
    const a = this.actBatch(obs, 1, opts);
    return a instanceof Int32Array ? (a[0] as number) : a;
  }

  actBatch(obs: Float32Array, n: number, opts?: ActOptions): Float32Array | Int32Array {
    return opts?.explore === false ? this.policy.mode(obs, n) : this.policy.sample(obs, n, this.rng);
  }

  observe(t: Transition<Float32Array, number | Float32Array>): StepStats | void | Promise<StepStats> {
    return this.observeBatch({
      n: 1,
      obs: t.obs,
      actions: typeof t.action === 'number' ? Float32Array.of(t.action) : t.action,
      rewards: Float64Array.of(t.reward),
      nextObs: t.nextObs,
      terminated: Uint8Array.of(t.terminated ? 1 : 0),
      truncated: Uint8Array.of(t.truncated ? 1 : 0),
      valid: Uint8Array.of(1),
      infos: [t.info],
    });
  }

  /** Stores a batch step; the step that completes a rollout returns the update's promise (it reads back asynchronously). */
  observeBatch(b: BatchTransition): StepStats | void | Promise<StepStats> {
    const s = this.storage(b.n);
    const od = this.policy.obsDim;
    const ad = this.policy.actDim;
    for (let i = 0; i < b.n; i++) {
      if (!b.valid[i]) continue;
      const k = s.count[i] as number;
      const row = i * this.nSteps + k;
      s.obs.set(b.obs.subarray(i * od, (i + 1) * od), row * od);
      s.nextObs.set(b.nextObs.subarray(i * od, (i + 1) * od), row * od);
      for (let j = 0; j < ad; j++) s.actions[row * ad + j] = b.actions[i * ad + j] as number;
      s.rewards[row] = b.rewards[i] as number;
      s.terminated[row] = b.terminated[i] as number;
      s.ends[row] = b.terminated[i] || b.truncated[i] ? 1 : 0;
      s.count[i] = k + 1;
      this.steps++;
      this.recordRow(row, i, b);
    }
    if (++this.calls >= this.nSteps) return this.update(s);
  }

  /** Ends each copy's segment of the rollout at its last stored step, a truncation: GAE stops there and bootstraps. */
  endEpisodes(): void {
    const s = this.store;
    if (!s) return;
    for (let i = 0; i < this.numEnvs; i++) {
      const k = s.count[i] as number;
      if (k > 0) s.ends[i * this.nSteps + k - 1] = 1;
    }
  }

  private storage(n: number): Rollout {
    if (this.store && n === this.numEnvs) return this.store;
    if (this.store && this.calls > 0) throw new InvalidArgumentError(`batch size changed from ${this.numEnvs} to ${n} mid-rollout`);
    this.numEnvs = n;
    const rows = n * this.nSteps;
    this.store = {
      obs: new Float32Array(rows * this.policy.obsDim),
      nextObs: new Float32Array(rows * this.policy.obsDim),
      actions: new Float32Array(rows * this.policy.actDim),
      rewards: new Float64Array(rows),
      terminated: new Uint8Array(rows),
      ends: new Uint8Array(rows),
      count: new Int32Array(n),
    };
    return this.store;
  }

  /** Compacts the rollout, computes GAE per copy, and runs the A2C or PPO update. */
  private async update(s: Rollout): Promise<StepStats> {
    const od = this.policy.obsDim;
    const ad = this.policy.actDim;
    const idx: number[] = [];
    for (let i = 0; i < this.numEnvs; i++) for (let k = 0; k < (s.count[i] as number); k++) idx.push(i * this.nSteps + k);
    const m = idx.length;
    const obs = new Float32Array(m * od);
    const nextObs = new Float32Array(m * od);
    const actions = new Float32Array(m * ad);
    const rewards = new Float64Array(m);
    const terminated = new Uint8Array(m);
    const ends = new Uint8Array(m);
    idx.forEach((row, j) => {
      obs.set(s.obs.subarray(row * od, (row + 1) * od), j * od);
      nextObs.set(s.nextObs.subarray(row * od, (row + 1) * od), j * od);
      actions.set(s.actions.subarray(row * ad, (row + 1) * ad), j * ad);
      rewards[j] = s.rewards[row] as number;
      terminated[j] = s.terminated[row] as number;
      // The last stored row of each copy closes its segment for GAE (the next copy's rows follow it).
      ends[j] = (s.ends[row] as number) || row % this.nSteps === (s.count[Math.floor(row / this.nSteps)] as number) - 1 ? 1 : 0;
    });
    // A segment cut by the rollout's end (not the episode's) still bootstraps: GAE's `ends` stops the trace, and
    // `terminated` alone decides bootstrapping.
    // V of the whole rollout in one tfjs call: for hundreds of rows it beats the plain-JS forward used for acting.
    // Read outside tidy: tidy walks a returned typed array element by element looking for tensors.
    const rows = new Float32Array(2 * m * od);
    rows.set(obs);
    rows.set(nextObs, m * od);
    const valuesT = tf.tidy(() => this.critic.net.apply(tf.tensor2d(rows, [2 * m, od])));
    const both = (await valuesT.data()) as Float32Array;
    valuesT.dispose();
    const values = both.subarray(0, m);
    const nextValues = both.subarray(m, 2 * m);
    const { advantages, returns } = gae({ rewards, values, nextValues, terminated, ends }, this.gamma, this.gaeLambda);
    await this.shapeAdvantages({ rows: idx, obs, nextObs, terminated, ends, advantages });
    s.count.fill(0);
    this.calls = 0;
    const stats = await this.learn(obs, actions, advantages, returns, values, m);
    this.updates++;
    return stats;
  }

  private async learn(obsArr: Float32Array, actArr: Float32Array, adv: Float64Array, ret: Float64Array, oldV: Float32Array, m: number): Promise<StepStats> {
    const ppo = this.o.ppo;
    const progress = this.steps / (this.o.totalTimesteps ?? 1e6);
    const lr = this.o.learningRate ?? 7e-4;
    this.optimizer.learningRate = this.o.learningRateSchedule === 'linear' ? linearSchedule(lr, progress) : lr;
    const clip = ppo ? (ppo.clipRangeSchedule === 'linear' ? linearSchedule(ppo.clipRange ?? 0.2, progress) : (ppo.clipRange ?? 0.2)) : Infinity;
    const epochs = ppo ? (ppo.nEpochs ?? 10) : 1;
    const mb = ppo ? Math.min(ppo.batchSize ?? 64, m) : m;
    const normalize = this.o.normalizeAdvantage ?? ppo !== undefined;
    const entCoef = this.o.entCoef ?? 0;
    const vfCoef = this.o.vfCoef ?? 0.5;
    const vars = this.optimizer.params as tf.Variable[];
    const maxGradNorm = this.o.maxGradNorm ?? 0.5;
    const obsAll = tf.tensor2d(obsArr, [m, this.policy.obsDim]);
    const actAll = this.policy.actionTensor(actArr, m);
    const oldLogpAll = tf.tidy(() => this.policy.logProb(obsAll, actAll));
    const order = Int32Array.from({ length: m }, (_, i) => i);
    // The last minibatch's loss, read once per update (not once per minibatch), with the clip fraction and the weights.
    let lastLoss: tf.Scalar | undefined;
    for (let e = 0; e < epochs; e++) {
      this.rng.shuffle(order);
      for (let start = 0; start + mb <= m; start += mb) {
        const rows = order.subarray(start, start + mb);
        const a = Float64Array.from(rows, (r) => adv[r] as number);
        if (normalize) standardize(a);
        lastLoss?.dispose();
        lastLoss = tf.tidy(() => {
          const ix = tf.tensor1d(rows, 'int32');
          const obs = tf.gather(obsAll, ix) as tf.Tensor2D;
          const act = tf.gather(actAll, ix);
          const oldLogp = tf.gather(oldLogpAll, ix);
          const advT = tf.tensor1d(Float32Array.from(a));
          const retT = tf.tensor1d(Float32Array.from(rows, (r) => ret[r] as number));
          const oldVT = tf.tensor1d(Float32Array.from(rows, (r) => oldV[r] as number));
          const { value, grads } = tf.variableGrads(() => {
            const { logProb, entropy } = this.policy.evaluate(obs, act);
            const ratio = tf.exp(tf.sub(logProb, oldLogp));
            // Clipped surrogate (Schulman et al. 2017, eq. 7); with ε = ∞ (A2C) it is −E[r·Â], whose gradient at r = 1 is A2C's.
            const surrogate = Number.isFinite(clip)
              ? tf.minimum(tf.mul(ratio, advT), tf.mul(tf.clipByValue(ratio, 1 - clip, 1 + clip), advT))
              : tf.mul(ratio, advT);
            const v = tf.reshape(this.critic.net.apply(obs), [mb]);
            let vLoss = tf.square(tf.sub(v, retT));
            if (ppo?.clipRangeVf !== undefined) {
              const vClipped = tf.add(oldVT, tf.clipByValue(tf.sub(v, oldVT), -ppo.clipRangeVf, ppo.clipRangeVf));
              vLoss = tf.maximum(vLoss, tf.square(tf.sub(vClipped, retT)));
            }
            const loss = tf.add(tf.neg(tf.mean(surrogate)), tf.mul(vfCoef, tf.mean(vLoss)));
            return (entCoef > 0 ? tf.sub(loss, tf.mul(entCoef, tf.mean(entropy))) : loss) as tf.Scalar;
          }, vars);
          this.optimizer.step(this.transformGrads(clipByGlobalNorm(vars.map((v) => grads[v.name] as tf.Tensor), maxGradNorm).grads));
          return value;
        });
      }
    }
    const last = lastLoss;
    const scalars = tf.tidy(() => {
      const loss = last ?? tf.scalar(0);
      if (!Number.isFinite(clip)) return tf.stack([loss, tf.scalar(0)]);
      const ratio = tf.exp(tf.sub(this.policy.logProb(obsAll, actAll), oldLogpAll));
      return tf.stack([loss, tf.mean(tf.cast(tf.greater(tf.abs(tf.sub(ratio, 1)), clip), 'float32'))]);
    });
    tf.dispose([obsAll, actAll, oldLogpAll, ...(last ? [last] : [])]);
    // The logged scalars come back with the policy's new weights (the acting copy): one read.
    const [lossValue, clipped] = Array.from(await this.policy.syncAsync([scalars]).finally(() => scalars.dispose())) as [number, number];
    this.critic.net.changed();
    return { loss: lossValue, clipFraction: clipped, lr: this.optimizer.learningRate };
  }

  /** Hook for subclasses: a valid batch row was stored at rollout row `row` (copy `i` of `b`); nothing by default. */
  protected recordRow(_row: number, _i: number, _b: BatchTransition): void {}

  /**
   * Hook for subclasses: may rewrite the rollout's GAE advantages in place before the update (`rows[j]` is the
   * rollout row of compacted row j); the critic's targets stay the reward returns. Nothing by default.
   */
  protected async shapeAdvantages(_r: CompactRollout): Promise<void> {}

  /** Hook for subclasses: the (clipped) gradient the optimizer steps on, in `optimizer.params` order; unchanged by default. */
  protected transformGrads(grads: tf.Tensor[]): tf.Tensor[] {
    return grads;
  }

  /** Writes the networks, the optimizer's whole state, the random stream, the counters and the unfinished rollout. */
  async save(dir: string): Promise<void> {
    const s = this.store;
    await saveNets(dir, this.policy, this.critic, this.optimizer);
    await writeCheckpoint(dir, 'actor-critic', {
      rng: this.rng.getState(),
      steps: this.steps,
      updates: this.updates,
      calls: this.calls,
      rollout: s === undefined ? null : { numEnvs: this.numEnvs, ...Object.fromEntries(Object.entries(s).map(([k, v]) => [k, Array.from(v as ArrayLike<number>)])) },
    });
  }

  /** Restores a checkpoint, the unfinished rollout included, so training continues as if never stopped. */
  async load(dir: string): Promise<void> {
    const s = await readCheckpoint(dir, 'actor-critic');
    await loadNets(dir, 'ActorCritic.load', this.policy, this.critic, this.optimizer);
    this.rng = Rng.fromState(s.rng as RngState);
    this.steps = s.steps as number;
    this.updates = s.updates as number;
    this.calls = s.calls as number;
    const saved = s.rollout as (Record<keyof Rollout, number[]> & { numEnvs: number }) | null;
    if (saved === null) return;
    this.store = undefined;
    const store = this.storage(saved.numEnvs);
    for (const key of Object.keys(store) as (keyof Rollout)[]) store[key].set(saved[key]);
  }

  dispose(): void {
    this.policy.dispose();
    this.critic.dispose();
    this.optimizer.dispose();
  }
}
