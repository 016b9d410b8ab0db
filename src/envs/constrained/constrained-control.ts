import { InvalidArgumentError, describeValue } from '../../core/errors.js';
import { CartPoleEnv, type CartPoleKwargs } from '../classic-control/cartpole.js';
import { PendulumEnv, type PendulumKwargs } from '../classic-control/pendulum.js';
import { WithCosts } from './with-costs.js';

/** Constructor kwargs of `constrainedCartPole`: CartPole's, plus the band and the budget. */
export interface ConstrainedCartPoleKwargs extends CartPoleKwargs {
  /** Half-width of the centre band of the track; default 0.5 (the track's ±2.4 ends the episode). */
  readonly band?: number;
  /** Budget on the discounted cost; default 5 (at γ = 0.99, 5% of the most a 500-step episode can cost). */
  readonly budget?: number;
  /** Discount of the cost; default 0.99. */
  readonly gamma?: number;
}

function checkPositive(env: string, name: string, v: number): number {
  if (!(v > 0 && Number.isFinite(v))) throw new InvalidArgumentError(`${env}: ${name} must be a finite number > 0, got ${describeValue(v)}`);
  return v;
}

function checkDiscount(env: string, v: number): number {
  if (!(v >= 0 && v < 1)) throw new InvalidArgumentError(`${env}: gamma must be in [0, 1), got ${describeValue(v)}`);
  return v;
}

/**
 * ConstrainedCartPole-v0: CartPole-v1 with a cost for leaving the centre of the track.
 *
 * ## Description
 * CartPole-v1 (see `CartPoleEnv`), unchanged, plus one constraint: the cart should stay in the centre band.
 *
 * ## Action Space / Observation Space / Rewards / Starting State / Episode End
 * As CartPole-v1: `Discrete(2)`, `Box(4)`, +1 per step, all four variables uniform in (-0.05, 0.05), terminated
 * when the pole leaves ±12° or the cart ±2.4, truncated at 500 steps by `make`.
 *
 * ## Costs
 * One constraint `off-centre`: cost 1 on every step that ends with the cart position |x| > `band`, else 0, in
 * `info.costs`. **Budget:** the discounted cost Σ_t γ^t c_t (γ = `gamma`, default 0.99) at most `budget` (default
 * 5). A policy that balances while drifting off-centre breaks the budget; one that stays centred keeps it.
 *
 * ## Arguments
 * `constrainedCartPole({ band, budget, gamma, sutton_barto_reward })` or `make('ConstrainedCartPole-v0', {...})`.
 *
 * ## Version History
 * - v0: first version.
 */
export function constrainedCartPole(kwargs: ConstrainedCartPoleKwargs = {}): WithCosts<Float32Array, number> {
  const id = 'ConstrainedCartPole-v0';
  const band = checkPositive(id, 'band', kwargs.band ?? 0.5);
  const budget = checkPositive(id, 'budget', kwargs.budget ?? 5);
  const gamma = checkDiscount(id, kwargs.gamma ?? 0.99);
  const inner = new CartPoleEnv(kwargs.sutton_barto_reward === undefined ? {} : { sutton_barto_reward: kwargs.sutton_barto_reward });
  return new WithCosts(inner, [{ name: 'off-centre', budget, kind: 'discounted', gamma }], (_action, r, out) => {
    out[0] = Math.abs(r.observation[0] as number) > band ? 1 : 0;
  });
}

/** Constructor kwargs of `constrainedPendulum`: Pendulum's, plus the budget. */
export interface ConstrainedPendulumKwargs extends PendulumKwargs {
  /** Budget on the discounted torque cost; default 20 (at γ = 0.99, a fifth of full torque on every step). */
  readonly budget?: number;
  /** Discount of the cost; default 0.99. */
  readonly gamma?: number;
}

/**
 * ConstrainedPendulum-v0: Pendulum-v1 with a cost on the torque spent.
 *
 * ## Description
 * Pendulum-v1 (see `PendulumEnv`), unchanged, plus one constraint on energy: swinging up with less torque.
 *
 * ## Action Space / Observation Space / Rewards / Starting State / Episode End
 * As Pendulum-v1: `Box(-2, 2, [1])` torque, `Box(3)` (cos θ, sin θ, θ̇), reward −(θ² + 0.1 θ̇² + 0.001 u²),
 * random angle and speed, truncated at 200 steps by `make`.
 *
 * ## Costs
 * One constraint `torque`: cost (u / 2)² in [0, 1] for the applied (clipped) torque u, in `info.costs`.
 * **Budget:** the discounted cost Σ_t γ^t c_t (γ = `gamma`, default 0.99) at most `budget` (default 20).
 *
 * ## Arguments
 * `constrainedPendulum({ budget, gamma, g })` or `make('ConstrainedPendulum-v0', {...})`.
 *
 * ## Version History
 * - v0: first version.
 */
export function constrainedPendulum(kwargs: ConstrainedPendulumKwargs = {}): WithCosts<Float32Array, Float32Array> {
  const id = 'ConstrainedPendulum-v0';
  const budget = checkPositive(id, 'budget', kwargs.budget ?? 20);
  const gamma = checkDiscount(id, kwargs.gamma ?? 0.99);
  const inner = new PendulumEnv(kwargs.g === undefined ? {} : { g: kwargs.g });
  return new WithCosts(inner, [{ name: 'torque', budget, kind: 'discounted', gamma }], (action, _r, out) => {
    const u = Math.min(Math.max(action[0] as number, -2), 2);
    out[0] = (u / 2) ** 2;
  });
}
