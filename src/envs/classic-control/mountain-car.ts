import type { StepSlot } from '../../core/env.js';
import type { Rng } from '../../core/rng.js';
import { Box, Discrete } from '../../core/spaces/index.js';
import { numberKwarg, parseKwargs } from '../kwargs.js';
import { ClassicControlEnv } from './classic-control-env.js';
import { resetBounds } from './reset-options.js';

const MIN_POSITION = -1.2;
const MAX_POSITION = 0.6;
const MAX_SPEED = 0.07;
const GOAL_POSITION = 0.5;
const FORCE = 0.001;
const GRAVITY = 0.0025;

/** Constructor kwargs of `MountainCarEnv`. */
export interface MountainCarKwargs {
  /** The velocity the car must have (at least) on reaching the goal position. Default 0. */
  readonly goal_velocity?: number;
}

/**
 * MountainCar-v0, Gymnasium 1.x's `MountainCarEnv` (discrete actions), step for step.
 *
 * ## Description
 * A car placed at the bottom of a sinusoidal valley must reach the flag on top of the right hill; its engine is too
 * weak to climb directly, so it has to swing back and forth to build momentum (Moore, 1990).
 *
 * ## Action Space
 * `Discrete(3)`: 0 accelerates to the left, 1 does not accelerate, 2 accelerates to the right.
 *
 * ## Observation Space
 * `Box` of shape (2,), float32: position in [-1.2, 0.6], velocity in [-0.07, 0.07].
 *
 * ## Rewards
 * -1 for every step.
 *
 * ## Starting State
 * Position uniform in [-0.6, -0.4] (`reset({ options: { low, high } })` changes that range), velocity 0.
 *
 * ## Episode End
 * Termination: position >= 0.5 with velocity >= `goal_velocity`. Truncation at 200 steps is the `TimeLimit`
 * wrapper's job (`make('MountainCar-v0')` adds it).
 *
 * Dynamics: velocity += (action - 1) * 0.001 - cos(3 * position) * 0.0025, clipped to [-0.07, 0.07]; position +=
 * velocity, clipped to [-1.2, 0.6]; hitting the left wall while moving left sets the velocity to 0 (inelastic).
 *
 * ## Arguments
 * `new MountainCarEnv({ goal_velocity })` or `make('MountainCar-v0', { goal_velocity: 0.01 })`.
 *
 * ## Version History
 * - v0: initial release.
 */
export class MountainCarEnv extends ClassicControlEnv<number> {
  readonly actionSpace = new Discrete(3);
  readonly observationSpace = new Box([MIN_POSITION, -MAX_SPEED], [MAX_POSITION, MAX_SPEED]);
  readonly metadata = { render_modes: [], render_fps: 30 };
  private readonly goalVelocity: number;

  constructor(kwargs?: MountainCarKwargs) {
    super('MountainCar-v0', 2, 2);
    this.goalVelocity = parseKwargs<Required<MountainCarKwargs>>('MountainCar-v0', kwargs, { goal_velocity: numberKwarg(0) }).goal_velocity;
  }

  protected override sampleInitialState(rng: Rng, options: Readonly<Record<string, unknown>> | undefined): void {
    const [low, high] = resetBounds(this.id, options, -0.6, -0.4);
    this.state[0] = rng.uniform(low, high);
    this.state[1] = 0;
  }

  protected override advance(action: number, out: StepSlot<Float32Array>): void {
    const s = this.state;
    let position = s[0] as number;
    let velocity = s[1] as number;
    velocity += (action - 1) * FORCE + Math.cos(3 * position) * -GRAVITY;
    velocity = Math.min(Math.max(velocity, -MAX_SPEED), MAX_SPEED);
    position += velocity;
    position = Math.min(Math.max(position, MIN_POSITION), MAX_POSITION);
    if (position === MIN_POSITION && velocity < 0) velocity = 0;
    s[0] = position;
    s[1] = velocity;
    out.reward = -1.0;
    out.terminated = position >= GOAL_POSITION && velocity >= this.goalVelocity;
  }

  protected override observe(out: Float32Array): void {
    out[0] = this.state[0] as number;
    out[1] = this.state[1] as number;
  }
}
