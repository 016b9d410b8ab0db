import type { StepSlot } from '../../core/env.js';
import type { Rng } from '../../core/rng.js';
import { Box, Discrete } from '../../core/spaces/index.js';
import { booleanKwarg, numberKwarg, parseKwargs } from '../kwargs.js';
import { ClassicControlEnv } from './classic-control-env.js';
import { resetBounds } from './reset-options.js';

const GRAVITY = 9.8;
const MASSCART = 1.0;
const MASSPOLE = 0.1;
/** Half the pole's length. */
const LENGTH = 0.5;
const FORCE_MAG = 10.0;
/** Seconds between state updates. */
const TAU = 0.02;
const THETA_THRESHOLD_RADIANS = (12 * 2 * Math.PI) / 360;
const X_THRESHOLD = 2.4;

/** Constructor kwargs of `CartPoleEnv`. */
export interface CartPoleKwargs {
  /** Reward 0 per step and -1 on termination instead of +1 per step. Default false. */
  readonly sutton_barto_reward?: boolean;
  /** Half the pole's length in m (Gymnasium's `length` attribute), at least 0.001. Default 0.5. */
  readonly length?: number;
  /** The pole's mass in kg (Gymnasium's `masspole` attribute), at least 0.001. Default 0.1. */
  readonly masspole?: number;
}

/**
 * CartPole-v1, Gymnasium 1.x's `CartPoleEnv`, step for step.
 *
 * ## Description
 * The cart-pole problem of Barto, Sutton and Anderson (1983): a pole is attached by an un-actuated joint to a cart
 * moving along a frictionless track; the goal is to keep the pole upright by pushing the cart left or right.
 *
 * ## Action Space
 * `Discrete(2)`: 0 pushes the cart to the left, 1 to the right, with a force of 10 N.
 *
 * ## Observation Space
 * `Box` of shape (4,), float32: cart position in [-4.8, 4.8], cart velocity (unbounded), pole angle in about
 * [-0.418, 0.418] rad (±24°), pole angular velocity (unbounded). The episode terminates well inside these bounds.
 *
 * ## Rewards
 * +1 for every step, the terminating one included. With `sutton_barto_reward`, 0 per step and -1 on the terminating
 * step. Stepping past termination gives 0 (or -1 with `sutton_barto_reward`), as Gymnasium does.
 *
 * ## Starting State
 * All four state variables uniform in (-0.05, 0.05); `reset({ options: { low, high } })` changes that range.
 *
 * ## Episode End
 * Termination: the pole angle leaves ±12° (±0.2095 rad) or the cart position leaves ±2.4. Truncation at 500 steps
 * is the `TimeLimit` wrapper's job (`make('CartPole-v1')` adds it).
 *
 * ## Arguments
 * `new CartPoleEnv({ sutton_barto_reward, length, masspole })` or `make('CartPole-v1', { sutton_barto_reward: true })`;
 * `length` (half the pole, default 0.5) and `masspole` (default 0.1) change the physics, as robust control studies do.
 * Dynamics are integrated with explicit Euler (Gymnasium's default `kinematics_integrator = "euler"`).
 *
 * ## Version History
 * - v1: `max_time_steps` raised to 500; Gymnasium 1.0.0a2 added the `sutton_barto_reward` argument.
 * - v0: initial release.
 */
export class CartPoleEnv extends ClassicControlEnv<number> {
  readonly actionSpace = new Discrete(2);
  readonly observationSpace = new Box(
    [-X_THRESHOLD * 2, -Infinity, -THETA_THRESHOLD_RADIANS * 2, -Infinity],
    [X_THRESHOLD * 2, Infinity, THETA_THRESHOLD_RADIANS * 2, Infinity],
  );
  readonly metadata = { render_modes: [], render_fps: 50 };
  private readonly suttonBartoReward: boolean;
  private readonly length: number;
  private readonly masspole: number;
  private readonly totalMass: number;
  private readonly polemassLength: number;
  /** Steps taken since termination; -1 while the episode has not terminated (Gymnasium's `steps_beyond_terminated`). */
  private stepsBeyondTerminated = -1;

  constructor(kwargs?: CartPoleKwargs) {
    super('CartPole-v1', 4, 4);
    const parsed = parseKwargs<Required<CartPoleKwargs>>('CartPole-v1', kwargs, {
      sutton_barto_reward: booleanKwarg(false),
      length: numberKwarg(LENGTH, 0.001),
      masspole: numberKwarg(MASSPOLE, 0.001),
    });
    this.suttonBartoReward = parsed.sutton_barto_reward;
    this.length = parsed.length;
    this.masspole = parsed.masspole;
    this.totalMass = this.masspole + MASSCART;
    this.polemassLength = this.masspole * this.length;
  }

  protected override sampleInitialState(rng: Rng, options: Readonly<Record<string, unknown>> | undefined): void {
    const [low, high] = resetBounds(this.id, options, -0.05, 0.05);
    for (let i = 0; i < 4; i++) this.state[i] = rng.uniform(low, high);
  }

  protected override onEpisodeStart(): void {
    this.stepsBeyondTerminated = -1;
  }

  protected override episodeState(): Readonly<Record<string, unknown>> {
    return { stepsBeyondTerminated: this.stepsBeyondTerminated };
  }

  protected override restoreEpisodeState(saved: Readonly<Record<string, unknown>>): void {
    this.stepsBeyondTerminated = saved.stepsBeyondTerminated as number;
  }

  protected override advance(action: number, out: StepSlot<Float32Array>): void {
    const s = this.state;
    let x = s[0] as number;
    let xDot = s[1] as number;
    let theta = s[2] as number;
    let thetaDot = s[3] as number;
    const force = action === 1 ? FORCE_MAG : -FORCE_MAG;
    const costheta = Math.cos(theta);
    const sintheta = Math.sin(theta);
    // Frictionless cart-pole: Florian (2007), "Correct equations for the dynamics of the cart-pole system".
    const temp = (force + this.polemassLength * (thetaDot * thetaDot) * sintheta) / this.totalMass;
    const thetaacc = (GRAVITY * sintheta - costheta * temp) / (this.length * (4.0 / 3.0 - (this.masspole * (costheta * costheta)) / this.totalMass));
    const xacc = temp - (this.polemassLength * thetaacc * costheta) / this.totalMass;
    x = x + TAU * xDot;
    xDot = xDot + TAU * xacc;
    theta = theta + TAU * thetaDot;
    thetaDot = thetaDot + TAU * thetaacc;
    s[0] = x;
    s[1] = xDot;
    s[2] = theta;
    s[3] = thetaDot;

    const terminated = x < -X_THRESHOLD || x > X_THRESHOLD || theta < -THETA_THRESHOLD_RADIANS || theta > THETA_THRESHOLD_RADIANS;
    if (!terminated) {
      out.reward = this.suttonBartoReward ? 0.0 : 1.0;
    } else if (this.stepsBeyondTerminated < 0) {
      this.stepsBeyondTerminated = 0;
      out.reward = this.suttonBartoReward ? -1.0 : 1.0;
    } else {
      this.stepsBeyondTerminated += 1;
      out.reward = this.suttonBartoReward ? -1.0 : 0.0;
    }
    out.terminated = terminated;
  }

  protected override observe(out: Float32Array): void {
    out.set(this.state);
  }
}
