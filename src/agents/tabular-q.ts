import { join } from 'node:path';
import type { ActOptions, Agent, StepStats, Transition } from '../core/agent.js';
import { argmax } from '../core/argmax.js';
import { checkInteger } from '../core/checks.js';
import { InvalidArgumentError, describeValue } from '../core/errors.js';
import { Rng, type RngState } from '../core/rng.js';
import type { TabularMDP } from '../envs/tabular/mdp.js';
import { readArrays, writeArrays } from '../replay/array-file.js';
import { RingBuffer } from '../replay/ring-buffer.js';

/** Step size of the update to Q(s, a): constant α, or α = 1 / n(s,a)^ω with n the updates made to (s, a) so far. */
export type StepSize = { readonly kind: 'constant'; readonly alpha: number } | { readonly kind: 'polynomial'; readonly omega: number };

/** Experience replay as Szlak & Shamir (2021) study it: a replay phase every `every` online steps, `updates` replayed transitions each. */
export interface ReplayOptions {
  /** Replay frequency K: a replay phase after every K-th online step (positive integer). */
  readonly every: number;
  /** Replay updates per phase (non-negative integer; 0 makes the agent plain Q-learning, bit for bit). */
  readonly updates: number;
  /** Transitions the ring buffer keeps; default 100 000. */
  readonly capacity?: number;
}

/** Options of `TabularQAgent`. */
export interface TabularQOptions {
  /** Number of states. */
  readonly S: number;
  /** Number of actions. */
  readonly A: number;
  /** Discount factor in [0, 1). */
  readonly gamma: number;
  /** Default `{ kind: 'polynomial', omega: 0.8 }` (Even-Dar & Mansour 2003's 1/n^ω with ω in (1/2, 1]). */
  readonly stepSize?: StepSize;
  /** ε of the ε-greedy behaviour in [0, 1]; default 0.1 (1 gives the uniformly random behaviour). */
  readonly epsilon?: number;
  /** Replay settings; absent is plain online Q-learning. */
  readonly replay?: ReplayOptions;
  /** Initial value of every Q(s, a); default 0. */
  readonly initialQ?: number;
  /** Seed (or `Rng`) from which the exploration and replay-sampling streams are forked. */
  readonly seed: number | Rng;
}

const TWO_POW_MINUS_32 = 2 ** -32;

/** Counts below this read their step size 1/n^ω from a table: Math.pow costs more than the rest of an update. */
const STEP_TABLE_SIZE = 1 << 16;
const stepTables = new Map<number, Float64Array>();

/** The shared table n ↦ n^-ω for n < STEP_TABLE_SIZE (entry 0 unused). */
function stepTable(omega: number): Float64Array {
  let table = stepTables.get(omega);
  if (!table) {
    table = new Float64Array(STEP_TABLE_SIZE);
    for (let n = 1; n < STEP_TABLE_SIZE; n++) table[n] = Math.pow(n, -omega);
    stepTables.set(omega, table);
  }
  return table;
}

/**
 * Tabular Q-learning (Watkins & Dayan 1992) with ε-greedy behaviour and optional experience replay (Lin 1992;
 * Szlak & Shamir 2021): every `replay.every` online steps it replays `replay.updates` transitions drawn uniformly
 * from a `RingBuffer`, each with the same update rule as an online one (the buffer keeps rewards in float32, so a
 * replayed reward is the online one rounded to float32). Q is a Float64Array `[s*A + a]`; the hot
 * path (`learn`) allocates nothing.
 */
export class TabularQAgent implements Agent<number, number> {
  readonly S: number;
  readonly A: number;
  readonly gamma: number;
  readonly epsilon: number;
  readonly stepSize: StepSize;
  readonly replay: ReplayOptions | undefined;
  /** Q[s*A + a]; read it freely, write it only through `setQ` (the row maxima are cached). */
  readonly Q: Float64Array;
  private readonly rowMax: Float64Array;
  private readonly argmaxQ: Int32Array;
  /** Updates made to each (s, a), online and replayed. */
  readonly counts: Float64Array;
  /** Online steps learned from. */
  onlineSteps = 0;
  /** Replayed updates made. */
  replayUpdates = 0;
  private readonly buffer: RingBuffer | undefined;
  private exploreRng: Rng;
  private replayRng: Rng;
  private readonly obsSlot = new Float32Array(1);
  private readonly nextObsSlot = new Float32Array(1);
  private readonly constantAlpha: number;
  private readonly negOmega: number;
  private readonly steps: Float64Array | undefined;

  /** A fresh agent with Q = `initialQ` everywhere. */
  constructor(opts: TabularQOptions) {
    checkInteger('TabularQAgent: S', opts.S, 1);
    checkInteger('TabularQAgent: A', opts.A, 1);
    if (!(opts.gamma >= 0 && opts.gamma < 1)) throw new InvalidArgumentError(`TabularQAgent: gamma must be in [0, 1), got ${describeValue(opts.gamma)}`);
    const epsilon = opts.epsilon ?? 0.1;
    if (!(epsilon >= 0 && epsilon <= 1)) throw new InvalidArgumentError(`TabularQAgent: epsilon must be in [0, 1], got ${describeValue(epsilon)}`);
    const stepSize = opts.stepSize ?? { kind: 'polynomial', omega: 0.8 };
    if (stepSize.kind === 'constant' && !(stepSize.alpha > 0 && stepSize.alpha <= 1)) {
      throw new InvalidArgumentError(`TabularQAgent: constant step size alpha must be in (0, 1], got ${describeValue(stepSize.alpha)}`);
    }
    if (stepSize.kind === 'polynomial' && !(stepSize.omega > 0 && stepSize.omega <= 1)) {
      throw new InvalidArgumentError(`TabularQAgent: polynomial step size omega must be in (0, 1], got ${describeValue(stepSize.omega)}`);
    }
    if (opts.replay) {
      checkInteger('TabularQAgent: replay.every', opts.replay.every, 1);
      checkInteger('TabularQAgent: replay.updates', opts.replay.updates, 0);
      checkInteger('TabularQAgent: replay.capacity', opts.replay.capacity ?? 100_000, 1);
    }
    this.S = opts.S;
    this.A = opts.A;
    this.gamma = opts.gamma;
    this.epsilon = epsilon;
    this.stepSize = stepSize;
    this.replay = opts.replay;
    this.constantAlpha = stepSize.kind === 'constant' ? stepSize.alpha : 0;
    this.negOmega = stepSize.kind === 'polynomial' ? -stepSize.omega : 0;
    this.steps = stepSize.kind === 'polynomial' ? stepTable(stepSize.omega) : undefined;
    this.Q = new Float64Array(opts.S * opts.A).fill(opts.initialQ ?? 0);
    this.counts = new Float64Array(opts.S * opts.A);
    this.rowMax = new Float64Array(opts.S).fill(opts.initialQ ?? 0);
    this.argmaxQ = new Int32Array(opts.S);
    const root = typeof opts.seed === 'number' ? new Rng(opts.seed) : opts.seed;
    // Both streams are forked whether or not replay is on, so exploration never depends on the replay settings.
    this.exploreRng = root.fork();
    this.replayRng = root.fork();
    this.buffer = opts.replay ? new RingBuffer({ capacity: opts.replay.capacity ?? 100_000, obsDim: 1 }) : undefined;
  }

  /** The greedy action in state s (lowest index on ties). */
  greedy(s: number): number {
    return this.argmaxQ[s] as number;
  }

  /** max_a Q(s, a), kept up to date by every update (read it instead of scanning the row). */
  maxQ(s: number): number {
    return this.rowMax[s] as number;
  }

  /** Sets Q(s, a) from outside the update rule (initialisation, tests), keeping the row maxima right. */
  setQ(s: number, a: number, value: number): void {
    this.Q[s * this.A + a] = value;
    this.rescanRow(s);
  }

  /** Recomputes max_a Q(s, a) and its lowest arg. */
  private rescanRow(s: number): void {
    const best = argmax(this.Q, s * this.A, this.A);
    this.rowMax[s] = this.Q[s * this.A + best] as number;
    this.argmaxQ[s] = best;
  }

  /** ε-greedy action (greedy when `explore` is false). One 32-bit draw: below ε it also picks the random action. */
  act(s: number, opts?: ActOptions): number {
    if (opts?.explore === false || this.epsilon === 0) return this.greedy(s);
    const u = this.exploreRng.uint32() * TWO_POW_MINUS_32;
    // Given u < ε, u/ε is uniform on [0, 1): reuse it for the random action.
    return u < this.epsilon ? Math.floor((u / this.epsilon) * this.A) : this.greedy(s);
  }

  /**
   * The Q-learning update (Watkins & Dayan 1992, eq. 1; Szlak & Shamir 2021, eq. 2):
   * Q(s,a) ← Q(s,a) + α_n(s,a) [r + γ (1 - done) max_b Q(s',b) - Q(s,a)].
   */
  update(s: number, a: number, r: number, s2: number, terminated: boolean): void {
    const sa = s * this.A + a;
    const n = (this.counts[sa] as number) + 1;
    this.counts[sa] = n;
    const steps = this.steps;
    const alpha = steps === undefined ? this.constantAlpha : n < STEP_TABLE_SIZE ? (steps[n] as number) : Math.pow(n, this.negOmega);
    const target = terminated ? r : r + this.gamma * (this.rowMax[s2] as number);
    const old = this.Q[sa] as number;
    const q = old + alpha * (target - old);
    this.Q[sa] = q;
    // Keep the row maximum without scanning the row: rescan only when the maximal entry went down.
    const m = this.rowMax[s] as number;
    if (q > m || (q === m && a < (this.argmaxQ[s] as number))) {
      this.rowMax[s] = q;
      this.argmaxQ[s] = a;
    } else if (q < old && old === m) {
      this.rescanRow(s);
    }
  }

  /** Learns from one online transition: the online update, storing it, and a replay phase when one is due. */
  learn(s: number, a: number, r: number, s2: number, terminated: boolean): void {
    this.update(s, a, r, s2, terminated);
    this.onlineSteps++;
    const buffer = this.buffer;
    if (!buffer) return;
    this.obsSlot[0] = s;
    this.nextObsSlot[0] = s2;
    buffer.add(this.obsSlot, a, r, this.nextObsSlot, terminated);
    const replay = this.replay as ReplayOptions;
    if (replay.updates > 0 && this.onlineSteps % replay.every === 0) this.replayPhase(buffer, replay.updates);
  }

  /** `updates` transitions drawn uniformly (with replacement) from the buffer, each updated as if seen online. */
  private replayPhase(buffer: RingBuffer, updates: number): void {
    const batch = buffer.sample(updates, this.replayRng);
    for (let i = 0; i < updates; i++) {
      this.update(batch.obs[i] as number, batch.actions[i] as number, batch.rewards[i] as number, batch.nextObs[i] as number, batch.terminated[i] === 1);
    }
    this.replayUpdates += updates;
  }

  observe(t: Transition<number, number>): StepStats {
    this.learn(t.obs, t.action, t.reward, t.nextObs, t.terminated);
    return { onlineSteps: this.onlineSteps, replayUpdates: this.replayUpdates };
  }

  /** Writes Q, counts, step counters and both random streams to `dir/tabular-q.bin`, and the buffer to `dir/replay.bin`. */
  async save(dir: string): Promise<void> {
    const meta = {
      kind: 'TabularQAgent',
      S: this.S,
      A: this.A,
      onlineSteps: this.onlineSteps,
      replayUpdates: this.replayUpdates,
      exploreRng: this.exploreRng.getState(),
      replayRng: this.replayRng.getState(),
    };
    await writeArrays(join(dir, 'tabular-q.bin'), meta, { Q: this.Q, counts: this.counts });
    if (this.buffer) await this.buffer.save(join(dir, 'replay.bin'));
  }

  /** Restores what `save` wrote (the agent must have the same S, A and replay settings). */
  async load(dir: string): Promise<void> {
    const path = join(dir, 'tabular-q.bin');
    const { meta, arrays } = await readArrays(path);
    if (meta.kind !== 'TabularQAgent' || meta.S !== this.S || meta.A !== this.A) {
      throw new InvalidArgumentError(`TabularQAgent.load: ${path} holds ${describeValue(meta.kind)} with S=${describeValue(meta.S)}, A=${describeValue(meta.A)}; this agent has S=${this.S}, A=${this.A}`);
    }
    this.Q.set(arrays.Q as Float64Array);
    this.counts.set(arrays.counts as Float64Array);
    for (let s = 0; s < this.S; s++) this.rescanRow(s);
    this.onlineSteps = meta.onlineSteps as number;
    this.replayUpdates = meta.replayUpdates as number;
    this.exploreRng = Rng.fromState(meta.exploreRng as RngState);
    this.replayRng = Rng.fromState(meta.replayRng as RngState);
    if (this.buffer) await this.buffer.load(join(dir, 'replay.bin'));
  }
}

/** Options of `trainOnModel`. */
export interface TrainOnModelOptions {
  /** Online steps to take. */
  readonly steps: number;
  /** The environment's random stream (initial states and transitions). */
  readonly rng: Rng;
  /** Called after every `callbackEvery`-th online step with the number of steps taken so far. */
  readonly callback?: (step: number) => void;
  /** Default 1000. */
  readonly callbackEvery?: number;
}

/**
 * Runs `agent` online on a `TabularMDP` sampled directly from its tables (no Env objects: nothing is allocated per
 * step). Episodes restart from μ0 on a terminal state or at the MDP's horizon; continuing MDPs run as one trajectory.
 */
export function trainOnModel(agent: TabularQAgent, mdp: TabularMDP, opts: TrainOnModelOptions): void {
  if (agent.S !== mdp.S || agent.A !== mdp.A) {
    throw new InvalidArgumentError(`trainOnModel: agent has S=${agent.S}, A=${agent.A} but ${mdp} has S=${mdp.S}, A=${mdp.A}`);
  }
  checkInteger('trainOnModel: steps', opts.steps, 0);
  const every = opts.callbackEvery ?? 1000;
  checkInteger('trainOnModel: callbackEvery', every, 1);
  const { rng, callback } = opts;
  const horizon = mdp.horizon ?? Infinity;
  // Read once: loading `mdp.terminal` on every step cost a tenth of the loop (16.8 → 18.0 M updates/s).
  const { terminal } = mdp;
  let s = mdp.sampleInitial(rng);
  let t = 0;
  // A countdown instead of `step % every`: integer division costs as much as the rest of the loop's bookkeeping.
  let untilCallback = every;
  for (let step = 1; step <= opts.steps; step++) {
    const a = agent.act(s);
    const s2 = mdp.sampleNext(s, a, rng.uint32() * TWO_POW_MINUS_32);
    const terminated = terminal[s2] === 1;
    agent.learn(s, a, mdp.reward(s, a, s2), s2, terminated);
    t++;
    if (terminated || t >= horizon) {
      s = mdp.sampleInitial(rng);
      t = 0;
    } else {
      s = s2;
    }
    if (--untilCallback === 0) {
      untilCallback = every;
      if (callback) callback(step);
    }
  }
}
