import { InvalidArgumentError, describeValue } from '../core/errors.js';
import { projectL1BudgetSimplices } from '../core/l1-budget-projection.js';
import { projectL1Ball, projectL1BallSimplex, projectSimplex } from '../core/simplex.js';
import { robustPolicyEvaluation, robustValueIteration } from '../envs/robust/robust-exact.js';
import type { RobustMDP } from '../envs/robust/robust-mdp.js';
import { dot, maxAbsDiff, occupancyOfPolicyTable, qFromValues, uniformPolicy, valueOfPolicyTable, valueIteration } from '../envs/tabular/exact.js';
import { TabularMDP } from '../envs/tabular/mdp.js';

/**
 * DRPG, the double-loop robust policy gradient of Wang, Ho & Petrik (ICML 2023, Algorithm 1), with exact gradients
 * on a robust tabular MDP. Inner loop: nature's projected gradient descent on the kernel (or on the parameters of a
 * parametric kernel) until the value changes by less than a tolerance ε_t that shrinks over outer iterations. Outer
 * loop: projected gradient ascent on the policy table at the kernel found. Our convention maximises reward (nature
 * minimises it); the paper minimises cost, which flips both signs and leaves |J(π_t) − J*| unchanged.
 */

/** Options shared by `drpg` and `drpgParametric`. */
export interface DrpgOptions {
  /** Outer iterations T; default 200. */
  readonly iterations?: number;
  /** Outer (policy) step α; default 0.05. */
  readonly policyStep?: number;
  /** Inner (kernel) step β; default 0.1. */
  readonly kernelStep?: number;
  /** ε_t, the inner loop's stopping tolerance on ‖V_k − V_{k−1}‖∞ at outer iteration t; default 1e-3/(t+1). */
  readonly innerTolerance?: (t: number) => number;
  /** Cap on inner steps per outer iteration; default 1000. */
  readonly maxInnerIterations?: number;
  /** Initial policy table (S·A, rows on the simplex); default uniform. */
  readonly pi0?: ArrayLike<number>;
  /**
   * Start each inner loop from the kernel the previous one stopped at (default true, our choice: the issue and the paper
   * leave the start open). `false` restarts from the nominal kernel as the authors' code does; with a value-change
   * stopping rule nature then leaves the rows of rarely taken actions near nominal, which can stall the outer loop.
   */
  readonly warmStart?: boolean;
}

/** What `drpg` returns. */
export interface DrpgResult {
  /** π_T. */
  readonly policy: Float64Array;
  /** The kernel nature's inner loop found for π_{T−1}. */
  readonly kernel: Float64Array;
  /** J* = μ0ᵀV* by robust value iteration (`drpg`), or the nominal optimum when the radius is 0 (`drpgParametric`: NaN otherwise). */
  readonly optimalValue: number;
  /** The exact robust return J(π_t) for t = 0..T (worst case over the whole set), length T + 1. */
  readonly values: Float64Array;
  /** J(π_t, p_t), the value at the kernel the inner loop stopped at, t = 0..T−1. */
  readonly innerValues: Float64Array;
  /** Inner steps taken at each outer iteration. */
  readonly innerIterations: Int32Array;
}

/** A parametric kernel p_θ(s'|s,a) ∝ p̄(s'|s,a)·exp(θᵀφ(s,a,s')/λ), θ in an L1 ball (Wang, Ho & Petrik 2023, §5). */
export interface ParametricKernel {
  /** Features φ(s,a,s') ∈ R^dim at `[((s*A + a)*S + s')*dim + i]`. */
  readonly features: ArrayLike<number>;
  readonly dim: number;
  /** λ > 0; default 1. */
  readonly temperature?: number;
  /** Centre θ_c of the parameter set; default 0 (θ = 0 is the nominal kernel). */
  readonly center?: ArrayLike<number>;
  /** Radius of the L1 ball {θ : ‖θ − θ_c‖₁ ≤ radius}. */
  readonly radius: number;
}

interface Settings {
  readonly iterations: number;
  readonly policyStep: number;
  readonly kernelStep: number;
  readonly innerTolerance: (t: number) => number;
  readonly maxInnerIterations: number;
  readonly warmStart: boolean;
}

function settings(opts: DrpgOptions): Settings {
  const iterations = opts.iterations ?? 200;
  const maxInnerIterations = opts.maxInnerIterations ?? 1000;
  const policyStep = opts.policyStep ?? 0.05;
  const kernelStep = opts.kernelStep ?? 0.1;
  for (const [k, v] of [['iterations', iterations], ['maxInnerIterations', maxInnerIterations]] as const) {
    if (!Number.isInteger(v) || v < (k === 'iterations' ? 0 : 1)) throw new InvalidArgumentError(`drpg: ${k} must be an integer >= ${k === 'iterations' ? 0 : 1}, got ${describeValue(v)}`);
  }
  for (const [k, v] of [['policyStep', policyStep], ['kernelStep', kernelStep]] as const) {
    if (!(v > 0) || !Number.isFinite(v)) throw new InvalidArgumentError(`drpg: ${k} must be a finite number > 0, got ${describeValue(v)}`);
  }
  return { iterations, policyStep, kernelStep, maxInnerIterations, warmStart: opts.warmStart ?? true, innerTolerance: opts.innerTolerance ?? ((t) => 1e-3 / (t + 1)) };
}

function initialPolicy(S: number, A: number, pi0: ArrayLike<number> | undefined): Float64Array {
  if (pi0 === undefined) return uniformPolicy(S, A);
  if (pi0.length !== S * A) throw new InvalidArgumentError(`drpg: pi0 must have S·A = ${S * A} entries, got ${pi0.length}`);
  return Float64Array.from(pi0);
}

/** A policy's values V and occupancy d at one kernel (the MDP with that kernel): what both gradients are made of. */
export interface KernelPoint {
  readonly mdp: TabularMDP;
  readonly V: Float64Array;
  readonly d: Float64Array;
}

function atKernel(mdp: TabularMDP, pi: Float64Array): KernelPoint {
  return { mdp, V: valueOfPolicyTable(mdp, pi), d: occupancyOfPolicyTable(mdp, pi) };
}

/** ∂J/∂p_sa(s') = d(s) π(a|s) (r(s,a,s') + γ v(s')) / (1−γ) (Wang, Ho & Petrik 2023, Lemma 3.2), S·A·S. */
export function kernelGradient(rewards: Float64Array, pi: Float64Array, point: KernelPoint): Float64Array {
  const { S, A, gamma } = point.mdp;
  const g = new Float64Array(S * A * S);
  for (let sa = 0; sa < S * A; sa++) {
    const w = ((point.d[Math.floor(sa / A)] as number) * (pi[sa] as number)) / (1 - gamma);
    if (w === 0) continue;
    for (let s2 = 0; s2 < S; s2++) g[sa * S + s2] = w * ((rewards[sa * S + s2] as number) + gamma * (point.V[s2] as number));
  }
  return g;
}

/** The outer step π_s ← Proj_Δ(π_s + α d(s) Q(s,·)/(1−γ)) (Wang, Ho & Petrik 2023, Algorithm 1, line 4), in place. */
export function drpgPolicyStep(pi: Float64Array, point: KernelPoint, step: number): void {
  const { S, A, gamma } = point.mdp;
  const Q = qFromValues(point.mdp, point.V);
  const row = new Float64Array(A);
  for (let s = 0; s < S; s++) {
    const w = (step * (point.d[s] as number)) / (1 - gamma);
    for (let a = 0; a < A; a++) row[a] = (pi[s * A + a] as number) + w * (Q[s * A + a] as number);
    pi.set(projectSimplex(row), s * A);
  }
}

/**
 * Nature's inner loop: repeated `step(point)` → new kernel MDP until ‖V_k − V_{k−1}‖∞ ≤ tolerance (or the cap).
 * Returns the last point and the steps taken.
 */
function innerLoop(start: TabularMDP, pi: Float64Array, step: (p: KernelPoint) => TabularMDP, tolerance: number, cap: number): { point: KernelPoint; steps: number } {
  let point = atKernel(start, pi);
  for (let k = 1; k <= cap; k++) {
    const next = atKernel(step(point), pi);
    const change = maxAbsDiff(next.V, point.V);
    point = next;
    if (change <= tolerance) return { point, steps: k };
  }
  return { point, steps: cap };
}

/** The outer loop shared by both variants: inner loop from `start`, record, policy step. */
function outerLoop(
  pi: Float64Array,
  s: Settings,
  start: () => TabularMDP,
  step: (p: KernelPoint) => TabularMDP,
  robustValue: (pi: Float64Array) => number,
): Omit<DrpgResult, 'optimalValue'> {
  const values = new Float64Array(s.iterations + 1);
  const innerValues = new Float64Array(s.iterations);
  const innerIterations = new Int32Array(s.iterations);
  let current = start();
  for (let t = 0; t < s.iterations; t++) {
    values[t] = robustValue(pi);
    const { point, steps } = innerLoop(s.warmStart && t > 0 ? current : start(), pi, step, s.innerTolerance(t), s.maxInnerIterations);
    innerValues[t] = dot(point.mdp.mu0, point.V);
    innerIterations[t] = steps;
    current = point.mdp;
    drpgPolicyStep(pi, point, s.policyStep);
  }
  values[s.iterations] = robustValue(pi);
  return { policy: pi, kernel: current.P, values, innerValues, innerIterations };
}

/**
 * DRPG on a robust MDP with L1 sets: the inner loop runs p ← Proj_P(p − β ∂J/∂p) with the exact projection onto
 * the set (per row onto the L1 ball ∩ simplex for `'sa'`, per state onto the shared-budget set for `'s'`); the outer loop is
 * `drpgPolicyStep`. `values` holds the exact robust return of each iterate and `optimalValue` J* by robust value
 * iteration, so J* − J(π_t) is the paper's optimality gap.
 */
export function drpg(robust: RobustMDP, opts: DrpgOptions = {}): DrpgResult {
  const s = settings(opts);
  const { S, A, supportStart, supportIndex } = robust;
  const pi = initialPolicy(S, A, opts.pi0);
  const nominal = robust.withKernel(robust.nominal.P);
  const rowIndex = (sa: number) => Array.from(supportIndex.subarray(supportStart[sa] as number, supportStart[sa + 1] as number), (s2) => sa * S + s2);
  const step = (point: KernelPoint): TabularMDP => {
    const g = kernelGradient(robust.rewards, pi, point);
    const P = Float64Array.from(point.mdp.P);
    for (let st = 0; st < S; st++) {
      const rows = Array.from({ length: A }, (_, a) => rowIndex(st * A + a));
      const ys = rows.map((idx) => idx.map((i) => (P[i] as number) - s.kernelStep * (g[i] as number)));
      const cs = rows.map((idx) => idx.map((i) => robust.nominal.P[i] as number));
      const ps = robust.kind === 'sa' ? ys.map((y, a) => projectL1BallSimplex(y, cs[a] as number[], robust.radius[st * A + a] as number)) : projectL1BudgetSimplices(ys, cs, robust.radius[st] as number);
      rows.forEach((idx, a) => idx.forEach((i, k) => (P[i] = (ps[a] as Float64Array)[k] as number)));
    }
    return robust.withKernel(P);
  };
  const optimalValue = dot(robust.mu0, robustValueIteration(robust, { tolerance: 1e-10 }).V);
  return { ...outerLoop(pi, s, () => nominal, step, (p) => robustPolicyEvaluation(robust, p).value), optimalValue };
}

/** The kernel p_θ of a parametric set: p̄(s'|s,a)·exp(θᵀφ(s,a,s')/λ), normalised per (s, a). */
export function parametricKernel(nominal: TabularMDP, spec: ParametricKernel, theta: ArrayLike<number>): Float64Array {
  const { S, A } = nominal;
  const { dim } = spec;
  const lambda = spec.temperature ?? 1;
  const P = new Float64Array(S * A * S);
  for (let sa = 0; sa < S * A; sa++) {
    let m = -Infinity;
    for (let s2 = 0; s2 < S; s2++) {
      let e = 0;
      for (let i = 0; i < dim; i++) e += (theta[i] as number) * (spec.features[(sa * S + s2) * dim + i] as number);
      P[sa * S + s2] = e / lambda;
      if ((nominal.P[sa * S + s2] as number) > 0) m = Math.max(m, e / lambda);
    }
    let z = 0;
    for (let s2 = 0; s2 < S; s2++) {
      const pbar = nominal.P[sa * S + s2] as number;
      z += P[sa * S + s2] = pbar > 0 ? pbar * Math.exp((P[sa * S + s2] as number) - m) : 0;
    }
    for (let s2 = 0; s2 < S; s2++) P[sa * S + s2] = (P[sa * S + s2] as number) / z;
  }
  return P;
}

/**
 * ∂J/∂θ for the parametric kernel by the chain rule through ∂J/∂p: ∂p(s')/∂θ = p(s')(φ(s') − Σ_s'' p(s'')φ(s''))/λ
 * (Wang, Ho & Petrik 2023, §5).
 */
export function parametricGradient(spec: ParametricKernel, rewards: Float64Array, pi: Float64Array, point: KernelPoint): Float64Array {
  const { S, A } = point.mdp;
  const { dim } = spec;
  const lambda = spec.temperature ?? 1;
  const gP = kernelGradient(rewards, pi, point);
  const P = point.mdp.P;
  const grad = new Float64Array(dim);
  const mean = new Float64Array(dim);
  for (let sa = 0; sa < S * A; sa++) {
    mean.fill(0);
    let gbar = 0;
    for (let s2 = 0; s2 < S; s2++) {
      const p = P[sa * S + s2] as number;
      gbar += p * (gP[sa * S + s2] as number);
      for (let i = 0; i < dim; i++) mean[i] = (mean[i] as number) + p * (spec.features[(sa * S + s2) * dim + i] as number);
    }
    for (let s2 = 0; s2 < S; s2++) {
      const p = P[sa * S + s2] as number;
      if (p === 0) continue;
      const w = (p * ((gP[sa * S + s2] as number) - gbar)) / lambda;
      for (let i = 0; i < dim; i++) grad[i] = (grad[i] as number) + w * (spec.features[(sa * S + s2) * dim + i] as number);
    }
  }
  return grad;
}

/**
 * DRPG with a parametric kernel: the inner loop is θ ← Proj_{‖θ−θ_c‖₁≤κ}(θ − β ∂J/∂θ) from θ_c; the outer loop is
 * `drpgPolicyStep`. There is no exact robust optimum for this (non-rectangular) set, so `values[t]` is J at the
 * kernel a full inner loop (at the final tolerance ε_T) finds for π_t, `theta` the parameters it found for π_T, and
 * `optimalValue` the nominal optimum when the radius is 0, NaN otherwise.
 */
export function drpgParametric(nominal: TabularMDP, spec: ParametricKernel, opts: DrpgOptions = {}): DrpgResult & { theta: Float64Array } {
  const s = settings(opts);
  const { S, A } = nominal;
  const { dim } = spec;
  if (!Number.isInteger(dim) || dim < 1) throw new InvalidArgumentError(`drpgParametric: dim must be a positive integer, got ${describeValue(dim)}`);
  if (spec.features.length !== S * A * S * dim) throw new InvalidArgumentError(`drpgParametric: features must have S·A·S·dim = ${S * A * S * dim} entries, got ${spec.features.length}`);
  const lambda = spec.temperature ?? 1;
  if (!(lambda > 0) || !Number.isFinite(lambda)) throw new InvalidArgumentError(`drpgParametric: temperature must be a finite number > 0, got ${describeValue(lambda)}`);
  const center = spec.center === undefined ? new Float64Array(dim) : Float64Array.from(spec.center);
  if (center.length !== dim) throw new InvalidArgumentError(`drpgParametric: center must have dim = ${dim} entries, got ${center.length}`);
  if (!(spec.radius >= 0) || !Number.isFinite(spec.radius)) throw new InvalidArgumentError(`drpgParametric: radius must be a finite number >= 0, got ${describeValue(spec.radius)}`);
  const rewards = new Float64Array(S * A * S);
  for (let sa = 0; sa < S * A; sa++) for (let s2 = 0; s2 < S; s2++) rewards[sa * S + s2] = nominal.reward(Math.floor(sa / A), sa % A, s2);
  const kernelMdp = (theta: Float64Array) =>
    new TabularMDP({ S, A, P: parametricKernel(nominal, spec, theta), Rsas: rewards, gamma: nominal.gamma, mu0: nominal.mu0, name: `${nominal.name} (parametric kernel)` });
  const pi = initialPolicy(S, A, opts.pi0);
  let theta: Float64Array = Float64Array.from(center);
  const step = (point: KernelPoint): TabularMDP => {
    const g = parametricGradient(spec, rewards, pi, point);
    const y = Float64Array.from(theta, (x, i) => x - s.kernelStep * (g[i] as number));
    theta = projectL1Ball(y, center, spec.radius);
    return kernelMdp(theta);
  };
  const start = () => {
    theta = Float64Array.from(center);
    return kernelMdp(theta);
  };
  let lastInner = NaN;
  const res = outerLoop(pi, s, start, step, (p) => {
    // The worst case over a non-rectangular set has no exact solver here: report the inner loop's value.
    const { point } = innerLoop(start(), p, step, s.innerTolerance(s.iterations), s.maxInnerIterations);
    lastInner = dot(point.mdp.mu0, point.V);
    return lastInner;
  });
  const optimalValue = spec.radius === 0 ? dot(nominal.mu0, valueIteration(nominal, { tolerance: 1e-10 }).V) : NaN;
  return { ...res, optimalValue, theta };
}
