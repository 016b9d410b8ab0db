import type { StepSlot } from '../../core/env.js';
import type { Rng } from '../../core/rng.js';
import { Box, Discrete } from '../../core/spaces/index.js';
import { choiceKwarg, numberKwarg, parseKwargs } from '../kwargs.js';
import { ClassicControlEnv } from './classic-control-env.js';
import { resetBounds } from './reset-options.js';

const DT = 0.2;
const LINK_LENGTH_1 = 1.0;
const LINK_MASS_1 = 1.0;
const LINK_MASS_2 = 1.0;
/** Positions of the links' centres of mass. */
const LINK_COM_POS_1 = 0.5;
const LINK_COM_POS_2 = 0.5;
/** Moment of inertia of both links. */
const LINK_MOI = 1.0;
const G = 9.8;
const MAX_VEL_1 = 4 * Math.PI;
const MAX_VEL_2 = 9 * Math.PI;
const AVAIL_TORQUE = [-1.0, 0.0, 1.0] as const;

/** Constructor kwargs of `AcrobotEnv` (class attributes in Gymnasium, set on `env.unwrapped` there). */
export interface AcrobotKwargs {
  /** `"book"` (Sutton and Barto's equations, the default) or `"nips"` (Sutton 1996, missing a term). */
  readonly book_or_nips?: 'book' | 'nips';
  /** Uniform noise in [-max, max] added to the torque each step. Default 0. */
  readonly torque_noise_max?: number;
}

/**
 * Acrobot-v1, Gymnasium 1.x's `AcrobotEnv`, step for step.
 *
 * ## Description
 * Two links joined in a chain, one end fixed; the joint between them is actuated. Starting hanging down, the goal is
 * to swing the free end above a line at height 1 above the fixed joint (Sutton 1996; Sutton and Barto 1998, sec. 11.3).
 *
 * ## Action Space
 * `Discrete(3)`: torque -1, 0 or +1 N m on the actuated joint.
 *
 * ## Observation Space
 * `Box` of shape (6,), float32: cos θ1, sin θ1, cos θ2, sin θ2 in [-1, 1], angular velocities θ1' in [-4π, 4π] and
 * θ2' in [-9π, 9π]. θ1 is the angle of the first link from straight down, θ2 the second link's relative to the first.
 *
 * ## Rewards
 * -1 for every step that does not reach the goal, 0 on the step that does.
 *
 * ## Starting State
 * θ1, θ2, θ1', θ2' uniform in [-0.1, 0.1] (`reset({ options: { low, high } })` changes that range), rounded to
 * float32 as Gymnasium does.
 *
 * ## Episode End
 * Termination: -cos θ1 - cos(θ2 + θ1) > 1. Truncation at 500 steps is the `TimeLimit` wrapper's job
 * (`make('Acrobot-v1')` adds it).
 *
 * Dynamics: one 4th-order Runge-Kutta step of 0.2 s; the angles are then wrapped into [-π, π] and the velocities
 * clipped to their bounds.
 *
 * ## Arguments
 * `new AcrobotEnv({ book_or_nips, torque_noise_max })`; both default to Gymnasium's values (`"book"`, 0).
 *
 * ## Version History
 * - v1: maximum number of steps raised from 200 to 500; the observation gives cos and sin of the angles instead of
 *   the angles.
 * - v0: initial release.
 */
export class AcrobotEnv extends ClassicControlEnv<number> {
  readonly actionSpace = new Discrete(3);
  readonly observationSpace = new Box([-1, -1, -1, -1, -MAX_VEL_1, -MAX_VEL_2], [1, 1, 1, 1, MAX_VEL_1, MAX_VEL_2]);
  readonly metadata = { render_modes: [], render_fps: 15 };
  private readonly book: boolean;
  private readonly torqueNoiseMax: number;
  // RK4 stages, reused so a step allocates nothing.
  private readonly k1 = new Float64Array(4);
  private readonly k2 = new Float64Array(4);
  private readonly k3 = new Float64Array(4);
  private readonly k4 = new Float64Array(4);
  private readonly y = new Float64Array(4);

  constructor(kwargs?: AcrobotKwargs) {
    super('Acrobot-v1', 4, 6);
    const parsed = parseKwargs<Required<AcrobotKwargs>>('Acrobot-v1', kwargs, {
      book_or_nips: choiceKwarg<'book' | 'nips'>('book', ['book', 'nips']),
      torque_noise_max: numberKwarg(0, 0),
    });
    this.book = parsed.book_or_nips === 'book';
    this.torqueNoiseMax = parsed.torque_noise_max;
  }

  protected override sampleInitialState(rng: Rng, options: Readonly<Record<string, unknown>> | undefined): void {
    const [low, high] = resetBounds(this.id, options, -0.1, 0.1);
    for (let i = 0; i < 4; i++) this.state[i] = Math.fround(rng.uniform(low, high));
  }

  protected override advance(action: number, out: StepSlot<Float32Array>): void {
    let torque: number = AVAIL_TORQUE[action as 0 | 1 | 2];
    if (this.torqueNoiseMax > 0) torque += this.rng.uniform(-this.torqueNoiseMax, this.torqueNoiseMax);
    const s = this.state;
    this.rk4(s, torque);
    s[0] = wrap(s[0] as number, -Math.PI, Math.PI);
    s[1] = wrap(s[1] as number, -Math.PI, Math.PI);
    s[2] = Math.min(Math.max(s[2] as number, -MAX_VEL_1), MAX_VEL_1);
    s[3] = Math.min(Math.max(s[3] as number, -MAX_VEL_2), MAX_VEL_2);
    const terminated = -Math.cos(s[0] as number) - Math.cos((s[1] as number) + (s[0] as number)) > 1.0;
    out.reward = terminated ? 0.0 : -1.0;
    out.terminated = terminated;
  }

  protected override observe(out: Float32Array): void {
    const s = this.state;
    out[0] = Math.cos(s[0] as number);
    out[1] = Math.sin(s[0] as number);
    out[2] = Math.cos(s[1] as number);
    out[3] = Math.sin(s[1] as number);
    out[4] = s[2] as number;
    out[5] = s[3] as number;
  }

  /** One classic RK4 step of length DT over `s`, in place, with the torque held constant (Gymnasium's `rk4`). */
  private rk4(s: Float64Array, torque: number): void {
    const { k1, k2, k3, k4, y } = this;
    const dt = DT;
    const dt2 = dt / 2.0;
    this.derivs(s, torque, k1);
    for (let i = 0; i < 4; i++) y[i] = (s[i] as number) + dt2 * (k1[i] as number);
    this.derivs(y, torque, k2);
    for (let i = 0; i < 4; i++) y[i] = (s[i] as number) + dt2 * (k2[i] as number);
    this.derivs(y, torque, k3);
    for (let i = 0; i < 4; i++) y[i] = (s[i] as number) + dt * (k3[i] as number);
    this.derivs(y, torque, k4);
    for (let i = 0; i < 4; i++) {
      s[i] = (s[i] as number) + (dt / 6.0) * ((k1[i] as number) + 2 * (k2[i] as number) + 2 * (k3[i] as number) + (k4[i] as number));
    }
  }

  /** The acrobot's equations of motion (Sutton and Barto 1998, sec. 11.3): writes ds/dt into `out`. */
  private derivs(s: Float64Array, a: number, out: Float64Array): void {
    const m1 = LINK_MASS_1;
    const m2 = LINK_MASS_2;
    const l1 = LINK_LENGTH_1;
    const lc1 = LINK_COM_POS_1;
    const lc2 = LINK_COM_POS_2;
    const I1 = LINK_MOI;
    const I2 = LINK_MOI;
    const theta1 = s[0] as number;
    const theta2 = s[1] as number;
    const dtheta1 = s[2] as number;
    const dtheta2 = s[3] as number;
    const d1 = m1 * (lc1 * lc1) + m2 * ((l1 * l1) + (lc2 * lc2) + 2 * l1 * lc2 * Math.cos(theta2)) + I1 + I2;
    const d2 = m2 * ((lc2 * lc2) + l1 * lc2 * Math.cos(theta2)) + I2;
    const phi2 = m2 * lc2 * G * Math.cos(theta1 + theta2 - Math.PI / 2.0);
    const phi1 =
      -m2 * l1 * lc2 * (dtheta2 * dtheta2) * Math.sin(theta2) -
      2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * Math.sin(theta2) +
      (m1 * lc1 + m2 * l1) * G * Math.cos(theta1 - Math.PI / 2) +
      phi2;
    const ddtheta2 = this.book
      ? (a + (d2 / d1) * phi1 - m2 * l1 * lc2 * (dtheta1 * dtheta1) * Math.sin(theta2) - phi2) / (m2 * (lc2 * lc2) + I2 - (d2 * d2) / d1)
      : (a + (d2 / d1) * phi1 - phi2) / (m2 * (lc2 * lc2) + I2 - (d2 * d2) / d1);
    const ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
    out[0] = dtheta1;
    out[1] = dtheta2;
    out[2] = ddtheta1;
    out[3] = ddtheta2;
  }
}

/** Wraps `x` into [m, M] by whole turns (Gymnasium's `wrap`, unlike clipping). */
function wrap(x: number, m: number, M: number): number {
  const diff = M - m;
  while (x > M) x = x - diff;
  while (x < m) x = x + diff;
  return x;
}
