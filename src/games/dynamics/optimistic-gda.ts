import { axpy, type MinMaxGame, type MinMaxGradients, type MinMaxPoint } from '../min-max-game.js';

/** Optimistic GDA's state: the point and the gradients taken at the previous point. */
export interface OptimisticGdaState extends MinMaxPoint {
  readonly previous: MinMaxGradients;
}

/** The starting state of optimistic GDA: the previous gradients are those at the start, so step one is plain GDA. */
export function optimisticGdaInit(game: MinMaxGame, p: MinMaxPoint): OptimisticGdaState {
  return { x: Float64Array.from(p.x), y: Float64Array.from(p.y), previous: game.gradients(p.x, p.y) };
}

/**
 * Optimistic GDA (Daskalakis et al. 2018): x' = x − η(2∇_x f(x_t) − ∇_x f(x_{t−1})), y' = y + η(2∇_y f(x_t) − ∇_y f(x_{t−1})),
 * the gradient extrapolated by its last change.
 */
export function optimisticGdaStep(game: MinMaxGame, s: OptimisticGdaState, eta: number): OptimisticGdaState {
  const g = game.gradients(s.x, s.y);
  const x = axpy(axpy(s.x, -2 * eta, g.gx), eta, s.previous.gx);
  const y = axpy(axpy(s.y, 2 * eta, g.gy), -eta, s.previous.gy);
  return { x, y, previous: g };
}
