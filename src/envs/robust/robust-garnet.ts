import { InvalidArgumentError, describeValue } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { TabularMDP } from '../tabular/mdp.js';
import { RobustMDP, type RectangularityKind } from './robust-mdp.js';

/** Options of `robustGarnet`. */
export interface RobustGarnetOptions {
  /** Number of states. */
  readonly S: number;
  /** Number of actions. */
  readonly A: number;
  /** Next states per (s, a), in [1, S]. */
  readonly branching: number;
  /** Seed of the generator (or an `Rng` to draw from). */
  readonly seed: number | Rng;
  /** Default 0.95. */
  readonly gamma?: number;
  /** Default `'sa'`. */
  readonly kind?: RectangularityKind;
  /** Each radius is drawn from U(low, high); default [0.1, 0.5]. */
  readonly radiusRange?: readonly [number, number];
  /** Costs c(s, a, s') are drawn from U(0, maxCost); default 5. */
  readonly maxCost?: number;
}

/**
 * A random robust GARNET as in Wang, Ho & Petrik (ICML 2023, §6) and their released code: each (s, a) reaches
 * `branching` distinct states with weights U(0, 5) normalised; costs c(s, a, s') ~ U(0, 5) (rewards r = −c);
 * μ0 ∝ U(0, 5) per state; κ ~ U(0.1, 0.5) per set; perturbations stay on the nominal support. The same seed gives the
 * same instance.
 */
export function robustGarnet(opts: RobustGarnetOptions): RobustMDP {
  const { S, A, branching } = opts;
  for (const [k, v] of [['S', S], ['A', A]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new InvalidArgumentError(`robustGarnet: ${k} must be a positive integer, got ${describeValue(v)}`);
  }
  if (!Number.isInteger(branching) || branching < 1 || branching > S) {
    throw new InvalidArgumentError(`robustGarnet: branching must be an integer in [1, S=${S}], got ${describeValue(branching)}`);
  }
  const [low, high] = opts.radiusRange ?? [0.1, 0.5];
  if (!(low >= 0 && high >= low && Number.isFinite(high))) throw new InvalidArgumentError(`robustGarnet: radiusRange must be finite with 0 <= low <= high, got ${describeValue(opts.radiusRange)}`);
  const maxCost = opts.maxCost ?? 5;
  const rng = typeof opts.seed === 'number' ? new Rng(opts.seed) : opts.seed;
  const P = new Float64Array(S * A * S);
  const Rsas = new Float64Array(S * A * S);
  const states = Int32Array.from({ length: S }, (_, i) => i);
  for (let sa = 0; sa < S * A; sa++) {
    // Partial Fisher-Yates: the first `branching` entries become a uniform sample without replacement.
    let total = 0;
    const w = new Float64Array(branching);
    for (let i = 0; i < branching; i++) {
      const j = rng.integer(i, S);
      [states[i], states[j]] = [states[j] as number, states[i] as number];
      total += w[i] = 1e-12 + rng.random();
    }
    for (let i = 0; i < branching; i++) P[sa * S + (states[i] as number)] = (w[i] as number) / total;
    for (let s2 = 0; s2 < S; s2++) Rsas[sa * S + s2] = -maxCost * rng.random();
  }
  const mu0 = Float64Array.from({ length: S }, () => 1e-12 + rng.random());
  const mass = mu0.reduce((x, y) => x + y, 0);
  for (let s = 0; s < S; s++) mu0[s] = (mu0[s] as number) / mass;
  const kind = opts.kind ?? 'sa';
  const radius = Float64Array.from({ length: kind === 'sa' ? S * A : S }, () => low + (high - low) * rng.random());
  const nominal = new TabularMDP({ S, A, P, Rsas, gamma: opts.gamma ?? 0.95, mu0, name: `G(${S}, ${A}, ${branching})` });
  return new RobustMDP({ nominal, kind, radius, support: 'nominal' });
}
