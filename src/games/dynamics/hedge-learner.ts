import { checkInteger } from '../../core/checks.js';
import { InvalidArgumentError, describeValue } from '../../core/errors.js';
import { checkDistribution } from '../normal-form/game.js';
import { hedgeStep } from './hedge.js';

/** A full-information online learner over n actions: play `strategy()`, then see every action's gain. */
export interface OnlineLearner {
  readonly n: number;
  strategy(): Float64Array;
  update(gains: ArrayLike<number>): void;
}

/** Throws unless η is a positive finite number. */
export function checkStepSize(name: string, eta: number): void {
  if (!(eta > 0 && Number.isFinite(eta))) throw new InvalidArgumentError(`${name}: eta must be a positive finite number, got ${describeValue(eta)}`);
}

/** A learner's starting distribution: `initial` checked, or uniform. */
export function initialStrategy(name: string, n: number, initial?: ArrayLike<number>): Float64Array {
  if (initial === undefined) return new Float64Array(n).fill(1 / n);
  checkDistribution(`${name}: initial`, initial, n);
  return Float64Array.from(initial);
}

/** Hedge as an online learner (external regret O(√(T log n)) with a tuned η): the baseline beside swap regret. */
export class HedgeLearner implements OnlineLearner {
  private p: Float64Array;

  /** `n` actions, step size `eta` > 0, starting at `initial` (default uniform). */
  constructor(
    readonly n: number,
    readonly eta: number,
    initial?: ArrayLike<number>,
  ) {
    checkInteger('HedgeLearner: n', n, 1);
    checkStepSize('HedgeLearner', eta);
    this.p = initialStrategy('HedgeLearner', n, initial);
  }

  /** The distribution to play this round (a copy). */
  strategy(): Float64Array {
    return Float64Array.from(this.p);
  }

  /** One Hedge step on this round's gains. */
  update(gains: ArrayLike<number>): void {
    if (gains.length !== this.n) throw new InvalidArgumentError(`HedgeLearner.update: gains must have ${this.n} entries, got ${gains.length}`);
    this.p = hedgeStep(this.p, gains, this.eta);
  }
}

/**
 * Accumulates a learner's swap regret: with M[a][b] = Σ_t p_t(a)·g_t(b), the swap regret is
 * Σ_a max_b (M[a][b] − M[a][a]) (the best remapping of each action in hindsight); the external regret is
 * max_b Σ_a M[a][b] − Σ_a M[a][a].
 */
export class RegretMeter {
  private readonly M: Float64Array;

  constructor(readonly n: number) {
    this.M = new Float64Array(n * n);
  }

  /** Records one round: the strategy played and the gains seen. */
  record(p: ArrayLike<number>, gains: ArrayLike<number>): void {
    for (let a = 0; a < this.n; a++) for (let b = 0; b < this.n; b++) this.M[a * this.n + b]! += (p[a] as number) * (gains[b] as number);
  }

  /** Swap regret so far. */
  swapRegret(): number {
    let total = 0;
    for (let a = 0; a < this.n; a++) {
      let best = 0;
      for (let b = 0; b < this.n; b++) best = Math.max(best, (this.M[a * this.n + b] as number) - (this.M[a * this.n + a] as number));
      total += best;
    }
    return total;
  }

  /** External regret so far. */
  externalRegret(): number {
    let diag = 0;
    for (let a = 0; a < this.n; a++) diag += this.M[a * this.n + a] as number;
    let best = -Infinity;
    for (let b = 0; b < this.n; b++) {
      let col = 0;
      for (let a = 0; a < this.n; a++) col += this.M[a * this.n + b] as number;
      best = Math.max(best, col);
    }
    return best - diag;
  }
}
