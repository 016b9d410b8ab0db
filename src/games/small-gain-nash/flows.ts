import { axpy } from '../min-max-game.js';
import type { ParameterBox } from './bounds.js';
import type { DifferentiableGame } from './differentiable-game.js';

/** Clips x into the box (the Euclidean and every diagonal-metric projection). */
export function projectToBox(x: ArrayLike<number>, box: ParameterBox): Float64Array {
  return Float64Array.from({ length: x.length }, (_, k) => Math.min(box.upper[k] as number, Math.max(box.lower[k] as number, x[k] as number)));
}

/** Projected Euler on the pseudo-gradient flow ẋ = −F(x): x' = Π_box(x − hF(x)) (no projection without a box). */
export function projectedEulerStep(game: DifferentiableGame, x: ArrayLike<number>, h: number, box?: ParameterBox): Float64Array {
  const next = axpy(x, -h, game.pseudoGradient(x));
  return box ? projectToBox(next, box) : next;
}

/** Classical fourth-order Runge–Kutta on ẋ = −F(x). */
export function rk4Step(game: DifferentiableGame, x: ArrayLike<number>, h: number): Float64Array {
  const k1 = game.pseudoGradient(x);
  const k2 = game.pseudoGradient(axpy(x, -h / 2, k1));
  const k3 = game.pseudoGradient(axpy(x, -h / 2, k2));
  const k4 = game.pseudoGradient(axpy(x, -h, k3));
  return Float64Array.from({ length: x.length }, (_, k) => (x[k] as number) - (h / 6) * ((k1[k] as number) + 2 * (k2[k] as number) + 2 * (k3[k] as number) + (k4[k] as number)));
}
