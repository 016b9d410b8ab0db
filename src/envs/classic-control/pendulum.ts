import type { StepSlot } from '../../core/env.js';
import type { Rng } from '../../core/rng.js';
import { Box, isNumericArray } from '../../core/spaces/index.js';
import { numberKwarg, parseKwargs } from '../kwargs.js';
import { ClassicControlEnv } from './classic-control-env.js';
import { numberOption } from './reset-options.js';

const MAX_SPEED = 8;
const MAX_TORQUE = 2.0;
const DT = 0.05;
const M = 1.0;
const L = 1.0;
/** Default half-widths of the initial angle and angular velocity (Gymnasium's DEFAULT_X, DEFAULT_Y). */
const DEFAULT_X = Math.PI;
const DEFAULT_Y = 1.0;

/** Constructor kwargs of `PendulumEnv`. */
export interface PendulumKwargs {
  /** Acceleration of gravity in m/s². Default 10.0. */
  readonly g?: number;
}

/**
 * Pendulum-v1, Gymnasium 1.x's `PendulumEnv`, step for step.
 *
 * ## Description
 * The inverted pendulum swing-up: a pendulum hangs from a fixed point, and torque on it must swing it up and keep it
 * upright, its centre of gravity right above the fixed point. θ is the angle from upright, counter-clockwise.
 *
 * ## Action Space
 * `Box(-2.0, 2.0, (1,), float32)`: the torque in N m. A finite torque outside [-2, 2] is clipped, as in Gymnasium;
 * NaN or an infinite torque is an error.
 *
 * ## Observation Space
 * `Box` of shape (3,), float32: x = cos θ and y = sin θ in [-1, 1], angular velocity in [-8, 8].
 *
 * ## Rewards
 * r = -(θ² + 0.1 θ'² + 0.001 torque²), θ normalized into [-π, π): between -16.2736044 and 0.
 *
 * ## Starting State
 * θ uniform in [-π, π], θ' uniform in [-1, 1]; `reset({ options: { x_init, y_init } })` changes the half-widths.
 *
 * ## Episode End
 * The pendulum never terminates. Truncation at 200 steps is the `TimeLimit` wrapper's job (`make('Pendulum-v1')`
 * adds it).
 *
 * Dynamics: θ'' = 3g/(2l) sin θ + 3/(m l²) torque; semi-implicit Euler with dt = 0.05 s, θ' clipped to [-8, 8].
 *
 * ## Arguments
 * `new PendulumEnv({ g })` or `make('Pendulum-v1', { g: 9.81 })`; g defaults to 10.0.
 *
 * ## Version History
 * - v1: simplified the math equations, no difference in behaviour.
 * - v0: initial release.
 */
export class PendulumEnv extends ClassicControlEnv<Float32Array> {
  readonly actionSpace = new Box(-MAX_TORQUE, MAX_TORQUE, [1]);
  readonly observationSpace = new Box([-1, -1, -MAX_SPEED], [1, 1, MAX_SPEED]);
  readonly metadata = { render_modes: [], render_fps: 30 };
  private readonly g: number;

  constructor(kwargs?: PendulumKwargs) {
    super('Pendulum-v1', 2, 3);
    this.g = parseKwargs<Required<PendulumKwargs>>('Pendulum-v1', kwargs, { g: numberKwarg(10.0) }).g;
  }

  protected override sampleInitialState(rng: Rng, options: Readonly<Record<string, unknown>> | undefined): void {
    const x = numberOption(this.id, options, 'x_init', DEFAULT_X);
    const y = numberOption(this.id, options, 'y_init', DEFAULT_Y);
    this.state[0] = rng.uniform(-x, x);
    this.state[1] = rng.uniform(-y, y);
  }

  /** Accepts any finite one-element torque (it is clipped); rejects NaN, infinities and wrong shapes. */
  protected override checkAction(action: Float32Array): void {
    if (!isNumericArray(action) || action.length !== 1 || !Number.isFinite(action[0])) {
      throw this.badAction(action, ' (a finite torque outside [-2, 2] is clipped)');
    }
  }

  protected override advance(action: Float32Array, out: StepSlot<Float32Array>): void {
    const g = this.g;
    const th = this.state[0] as number;
    const thdot = this.state[1] as number;
    const u = Math.min(Math.max(action[0] as number, -MAX_TORQUE), MAX_TORQUE);
    const thNorm = angleNormalize(th);
    const costs = thNorm * thNorm + 0.1 * (thdot * thdot) + 0.001 * (u * u);
    let newthdot = thdot + (((3 * g) / (2 * L)) * Math.sin(th) + (3.0 / (M * L * L)) * u) * DT;
    newthdot = Math.min(Math.max(newthdot, -MAX_SPEED), MAX_SPEED);
    this.state[0] = th + newthdot * DT;
    this.state[1] = newthdot;
    out.reward = -costs;
    out.terminated = false;
  }

  protected override observe(out: Float32Array): void {
    const theta = this.state[0] as number;
    out[0] = Math.cos(theta);
    out[1] = Math.sin(theta);
    out[2] = this.state[1] as number;
  }
}

/** θ mapped into [-π, π) with a floored modulo, as NumPy's `%` (JavaScript's `%` truncates). */
function angleNormalize(x: number): number {
  const period = 2 * Math.PI;
  let r = (x + Math.PI) % period;
  if (r < 0) r += period;
  return r - Math.PI;
}
