import { checkInteger } from '../core/checks.js';
import { InvalidArgumentError, describeValue } from '../core/errors.js';
import { evaluateCmdpPolicy, type CmdpValues } from '../envs/constrained/cmdp-values.js';
import type { TabularCMDP } from '../envs/constrained/tabular-cmdp.js';
import { occupancyOfPolicyTable } from '../envs/tabular/exact.js';
import { softmaxPolicy } from '../envs/tabular/exact-gradient.js';

/**
 * Lagrangian ascent-descent on a tabular CMDP, max_π min_{μ≥0} L(π, μ) = V_r^π − Σ_i μ_i (V_ci^π − b_i), with a
 * softmax policy updated by mirror ascent (θ ← θ + η A_L, i.e. π ← π·exp(η Q_L) normalised per state, the natural
 * policy gradient up to the factor 1/(1−γ)) on the Lagrangian reward Q_L = Q_r − Σ_i μ_i Q_ci, and projected
 * gradient ascent on each μ_i with gradient V_ci − b_i. Both players move simultaneously, from the same iterate.
 * GDA steps along the current gradients; ReLOAD along the optimistic 2·g_t − g_{t−1} (see `reload.ts`).
 */

/**
 * What the ascent-descent loop needs of a policy: its Q tables and discounted values from μ0, and for the
 * `'softmax-pg'` policy update its discounted state occupancy d_μ0^π.
 */
export type LagrangianEstimate = Pick<CmdpValues, 'Vr' | 'Vc' | 'Qr' | 'Qc'> & { readonly occupancy?: Float64Array };

/**
 * How the softmax policy moves along the Lagrangian: `'mirror'`, mirror ascent θ ← θ + η A_L (the natural gradient
 * up to 1/(1−γ)); `'softmax-pg'`, the plain policy gradient θ ← θ + η ∂L/∂θ with
 * ∂L/∂θ(s,a) = d(s) π(a|s) A_L(s,a) / (1−γ) (Agarwal et al. 2021, Lemma C.1, with the Lagrangian reward).
 */
export type PolicyUpdate = 'mirror' | 'softmax-pg';

/** Gives the estimate of a policy table: exact (linear solves) or from samples. */
export type LagrangianOracle = (pi: Float64Array, iteration: number) => LagrangianEstimate;

/** Options of the exact and sampled Lagrangian agents. */
export interface LagrangianOptions {
  /** Iterations (updates of both players). */
  readonly iterations: number;
  /** Policy step size η_θ of the mirror ascent; default 0.1. */
  readonly stepSize?: number;
  /** Multiplier step size η_μ; default the policy's step size. */
  readonly multiplierStepSize?: number;
  /** Initial logits θ_0 (S×A); default 0 (uniform policy). */
  readonly theta0?: ArrayLike<number>;
  /** Initial multipliers μ_0 ≥ 0; default 0. */
  readonly mu0?: ArrayLike<number>;
  /** The policy's step rule; default `'mirror'`. */
  readonly policyUpdate?: PolicyUpdate;
}

/** The iterates of a run: after `iterations` updates, the last policy and multipliers and every iterate's values. */
export interface LagrangianResult {
  readonly theta: Float64Array;
  readonly policy: Float64Array;
  readonly mu: Float64Array;
  /** V_r of iterate t = 0..iterations (exact, whichever oracle drove the updates). */
  readonly Vr: Float64Array;
  /** Per constraint i, V_ci of iterate t = 0..iterations. */
  readonly Vc: readonly Float64Array[];
  /** Per constraint i, μ_i of iterate t = 0..iterations. */
  readonly multipliers: readonly Float64Array[];
}

/** How each player combines the current and previous gradients into its step direction (written into `out`). */
export type StepDirection = (g: Float64Array, gPrev: Float64Array, out: Float64Array) => Float64Array;

/** Plain gradient descent-ascent: the direction is the current gradient. */
export const gdaDirection: StepDirection = (g, _gPrev, out) => {
  out.set(g);
  return out;
};

function positive(name: string, v: number): number {
  if (!(v > 0 && Number.isFinite(v))) throw new InvalidArgumentError(`${name} must be a finite number > 0, got ${describeValue(v)}`);
  return v;
}

/**
 * Runs Lagrangian ascent-descent on `cmdp` with the given step direction, updating from `oracle`'s estimates and
 * recording each iterate's values from `truth` (default: the oracle itself, for the exact oracle).
 */
export function lagrangianAscentDescent(
  cmdp: TabularCMDP,
  oracle: LagrangianOracle,
  direction: StepDirection,
  opts: LagrangianOptions,
  truth: LagrangianOracle = oracle,
): LagrangianResult {
  const { S, A, m } = cmdp;
  checkInteger('iterations', opts.iterations, 0);
  const eta = positive('stepSize', opts.stepSize ?? 0.1);
  const etaMu = positive('multiplierStepSize', opts.multiplierStepSize ?? eta);
  const theta = opts.theta0 ? Float64Array.from(opts.theta0) : new Float64Array(S * A);
  if (theta.length !== S * A) throw new InvalidArgumentError(`theta0 must have S·A = ${S * A} entries, got ${theta.length}`);
  const mu = opts.mu0 ? Float64Array.from(opts.mu0) : new Float64Array(m);
  if (mu.length !== m || mu.some((x) => !(x >= 0 && Number.isFinite(x)))) throw new InvalidArgumentError(`mu0 must hold ${m} finite numbers >= 0, got ${describeValue(opts.mu0)}`);
  const update = opts.policyUpdate ?? 'mirror';
  if (update !== 'mirror' && update !== 'softmax-pg') throw new InvalidArgumentError(`policyUpdate must be "mirror" or "softmax-pg", got ${describeValue(update)}`);
  const T = opts.iterations;
  const Vr = new Float64Array(T + 1);
  const Vc = Array.from({ length: m }, () => new Float64Array(T + 1));
  const multipliers = Array.from({ length: m }, () => new Float64Array(T + 1));
  const gTheta = new Float64Array(S * A);
  const gMu = new Float64Array(m);
  let gThetaPrev: Float64Array | undefined;
  let gMuPrev: Float64Array | undefined;
  const dTheta = new Float64Array(S * A);
  const dMu = new Float64Array(m);
  let policy = softmaxPolicy(theta, S, A);
  for (let t = 0; ; t++) {
    const est = oracle(policy, t);
    const seen = truth === oracle ? est : truth(policy, t);
    Vr[t] = seen.Vr;
    for (let i = 0; i < m; i++) {
      (Vc[i] as Float64Array)[t] = seen.Vc[i] as number;
      (multipliers[i] as Float64Array)[t] = mu[i] as number;
    }
    if (t === T) break;
    lagrangianPolicyGradient(est, mu, policy, cmdp, update, gTheta);
    for (let i = 0; i < m; i++) gMu[i] = (est.Vc[i] as number) - (cmdp.budgets[i] as number);
    // The first step has no previous gradient: it takes the current one for it (a plain step).
    direction(gTheta, gThetaPrev ?? gTheta, dTheta);
    direction(gMu, gMuPrev ?? gMu, dMu);
    for (let k = 0; k < S * A; k++) theta[k] = (theta[k] as number) + eta * (dTheta[k] as number);
    for (let i = 0; i < m; i++) mu[i] = Math.max(0, (mu[i] as number) + etaMu * (dMu[i] as number));
    gThetaPrev = Float64Array.from(gTheta);
    gMuPrev = Float64Array.from(gMu);
    policy = softmaxPolicy(theta, S, A);
  }
  return { theta, policy, mu, Vr, Vc, multipliers };
}

/** The Lagrangian advantage A_L(s, a) = Q_L(s, a) − Σ_b π(b|s) Q_L(s, b), with Q_L = Q_r − Σ_i μ_i Q_ci. */
export function lagrangianAdvantage(est: Pick<LagrangianEstimate, 'Qr' | 'Qc'>, mu: Float64Array, pi: Float64Array, S: number, A: number, out: Float64Array): Float64Array {
  for (let sa = 0; sa < S * A; sa++) {
    let q = est.Qr[sa] as number;
    for (let i = 0; i < mu.length; i++) q -= (mu[i] as number) * ((est.Qc[i] as Float64Array)[sa] as number);
    out[sa] = q;
  }
  for (let s = 0; s < S; s++) {
    let v = 0;
    for (let a = 0; a < A; a++) v += (pi[s * A + a] as number) * (out[s * A + a] as number);
    for (let a = 0; a < A; a++) out[s * A + a] = (out[s * A + a] as number) - v;
  }
  return out;
}

/** The policy player's gradient under `update`: A_L itself (mirror ascent) or the softmax policy gradient of L. */
export function lagrangianPolicyGradient(est: LagrangianEstimate, mu: Float64Array, pi: Float64Array, cmdp: TabularCMDP, update: PolicyUpdate, out: Float64Array): Float64Array {
  const { S, A, gamma } = cmdp;
  lagrangianAdvantage(est, mu, pi, S, A, out);
  if (update === 'mirror') return out;
  const d = est.occupancy;
  if (d === undefined) throw new InvalidArgumentError("policyUpdate 'softmax-pg' needs the oracle's occupancy; build the oracle with occupancy: true");
  for (let sa = 0; sa < S * A; sa++) out[sa] = ((d[Math.floor(sa / A)] as number) / (1 - gamma)) * (pi[sa] as number) * (out[sa] as number);
  return out;
}

/** The estimate of π on a known model: exact Q tables and values, and the occupancy when `occupancy` is set. */
export function modelEstimate(model: TabularCMDP, pi: Float64Array, occupancy: boolean): LagrangianEstimate {
  const values = evaluateCmdpPolicy(model, pi);
  return occupancy ? { ...values, occupancy: occupancyOfPolicyTable(model, pi) } : values;
}

/** The exact oracle: Q tables and values of π by linear solves on the CMDP's model (and d_μ0^π when asked). */
export function exactLagrangianOracle(cmdp: TabularCMDP, opts: { readonly occupancy?: boolean } = {}): LagrangianOracle {
  return (pi) => modelEstimate(cmdp, pi, opts.occupancy ?? false);
}
