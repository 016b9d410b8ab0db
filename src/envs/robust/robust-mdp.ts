import { InvalidArgumentError, describeValue } from '../../core/errors.js';
import { PROBABILITY_TOLERANCE, TabularMDP, type TabularMDPSpec } from '../tabular/mdp.js';

/** The shape of the uncertainty set: one L1 ball per (s, a) pair, or one shared L1 budget per state. */
export type RectangularityKind = 'sa' | 's';

/** Where a perturbed row may put mass: anywhere on the simplex, or only on the nominal row's support. */
export type KernelSupport = 'simplex' | 'nominal';

/** What a `RobustMDP` is built from. */
export interface RobustMDPSpec {
  /** The nominal MDP (or its spec, validated as a `TabularMDP`): rewards, discount, μ0 and the centre kernel p̄. */
  readonly nominal: TabularMDP | TabularMDPSpec;
  /**
   * `'sa'`: P_sa = {p ∈ Δ : ‖p − p̄_sa‖₁ ≤ κ_sa}, chosen independently per (s, a). `'s'`: P_s = {(p_a)_a :
   * p_a ∈ Δ, Σ_a ‖p_a − p̄_sa‖₁ ≤ κ_s}, one budget per state shared by its actions.
   */
  readonly kind: RectangularityKind;
  /** κ ≥ 0: one number for every set, or an array of S·A entries (`'sa'`, index s·A + a) or S entries (`'s'`). */
  readonly radius: number | ArrayLike<number>;
  /**
   * `'simplex'` (default): a perturbed row may move mass to any state. `'nominal'`: only onto states the nominal row
   * reaches (the "branch" constraint of Wang, Ho & Petrik's GARNET experiments), so terminal states stay absorbing.
   */
  readonly support?: KernelSupport;
}

/**
 * A robust MDP with an L1 rectangular uncertainty set around a nominal kernel (Iyengar 2005; Wiesemann, Kuhn & Rustem
 * 2013; Ho, Petrik & Wiesemann 2021). Nature picks the kernel to minimise our (reward) objective; rewards may
 * depend on the next state (`Rsas` of the nominal), so the expected reward changes with the kernel.
 *
 * Validated on construction: a negative or non-finite radius, a radius array of the wrong length, and a nominal
 * kernel whose rows do not sum to 1 each throw an `InvalidArgumentError` naming the value and the allowed range.
 */
export class RobustMDP {
  readonly nominal: TabularMDP;
  readonly kind: RectangularityKind;
  /** κ per set: S·A entries for `'sa'`, S for `'s'`. */
  readonly radius: Float64Array;
  readonly support: KernelSupport;
  readonly S: number;
  readonly A: number;
  readonly gamma: number;
  readonly mu0: Float64Array;
  /** r(s, a, s') at `[(s*A + a)*S + s']`: the nominal's `Rsas`, or R(s, a) repeated over s'. */
  readonly rewards: Float64Array;
  /** Allowed next states of row sa: `supportIndex[supportStart[sa] .. supportStart[sa + 1]]`. */
  readonly supportStart: Int32Array;
  readonly supportIndex: Int32Array;

  /** Builds and validates the robust MDP; throws `InvalidArgumentError` naming the first bad value. */
  constructor(spec: RobustMDPSpec) {
    const nominal = spec.nominal instanceof TabularMDP ? spec.nominal : new TabularMDP(spec.nominal);
    const { S, A, P } = nominal;
    const name = `RobustMDP(${nominal.name})`;
    if (spec.kind !== 'sa' && spec.kind !== 's') throw new InvalidArgumentError(`${name}: kind must be 'sa' or 's', got ${describeValue(spec.kind)}`);
    const support = spec.support ?? 'simplex';
    if (support !== 'simplex' && support !== 'nominal') throw new InvalidArgumentError(`${name}: support must be 'simplex' or 'nominal', got ${describeValue(support)}`);
    // The nominal's arrays are mutable; check its rows again so a kernel edited after construction is caught here.
    for (let sa = 0; sa < S * A; sa++) {
      let sum = 0;
      for (let s2 = 0; s2 < S; s2++) {
        const p = P[sa * S + s2] as number;
        if (!(p >= 0 && p <= 1)) throw new InvalidArgumentError(`${name}: nominal P[s=${Math.floor(sa / A)}, a=${sa % A}, s'=${s2}] = ${describeValue(p)} is not a probability in [0, 1]`);
        sum += p;
      }
      if (Math.abs(sum - 1) > PROBABILITY_TOLERANCE) {
        throw new InvalidArgumentError(`${name}: nominal P[s=${Math.floor(sa / A)}, a=${sa % A}, ·] sums to ${sum}; each row must sum to 1 within ${PROBABILITY_TOLERANCE}`);
      }
    }
    const n = spec.kind === 'sa' ? S * A : S;
    const shape = spec.kind === 'sa' ? 'S·A' : 'S';
    let radius: Float64Array;
    if (typeof spec.radius === 'number') {
      radius = new Float64Array(n).fill(spec.radius);
    } else {
      if (spec.radius.length !== n) throw new InvalidArgumentError(`${name}: radius for kind '${spec.kind}' must be one number or ${shape} = ${n} entries, got ${spec.radius.length}`);
      radius = Float64Array.from(spec.radius);
    }
    for (let i = 0; i < n; i++) {
      const k = radius[i] as number;
      if (!(k >= 0) || !Number.isFinite(k)) {
        const where = typeof spec.radius === 'number' ? '' : spec.kind === 'sa' ? `[s=${Math.floor(i / A)}, a=${i % A}]` : `[s=${i}]`;
        throw new InvalidArgumentError(`${name}: radius${where} must be a finite number >= 0, got ${describeValue(k)}`);
      }
    }
    this.nominal = nominal;
    this.kind = spec.kind;
    this.radius = radius;
    this.support = support;
    this.S = S;
    this.A = A;
    this.gamma = nominal.gamma;
    this.mu0 = nominal.mu0;
    this.rewards = new Float64Array(S * A * S);
    for (let sa = 0; sa < S * A; sa++) for (let s2 = 0; s2 < S; s2++) this.rewards[sa * S + s2] = nominal.Rsas ? (nominal.Rsas[sa * S + s2] as number) : (nominal.R[sa] as number);
    const start = new Int32Array(S * A + 1);
    const index: number[] = [];
    for (let sa = 0; sa < S * A; sa++) {
      start[sa] = index.length;
      for (let s2 = 0; s2 < S; s2++) if (support === 'simplex' || (P[sa * S + s2] as number) > 0) index.push(s2);
    }
    start[S * A] = index.length;
    this.supportStart = start;
    this.supportIndex = Int32Array.from(index);
  }

  /** The budget of row sa's set (`'sa'`) or of state s's set (`'s'`). */
  radiusOf(s: number, a: number): number {
    return this.radius[this.kind === 'sa' ? s * this.A + a : s] as number;
  }

  /** The MDP with this robust MDP's rewards, discount and μ0, and kernel `P` (S·A·S, rows on the simplex). */
  withKernel(P: ArrayLike<number>): TabularMDP {
    const nom = this.nominal;
    return new TabularMDP({ S: this.S, A: this.A, P, Rsas: this.rewards, gamma: this.gamma, mu0: this.mu0, name: `${nom.name} (kernel of nature)` });
  }

  toString(): string {
    return `RobustMDP(${this.nominal.name}, kind=${this.kind}, support=${this.support})`;
  }
}
