import { axpy, type MinMaxGame, type MinMaxPoint } from '../min-max-game.js';

/** Alternating GDA: x' = x − η∇_x f(x, y), then y' = y + η∇_y f(x', y) (y sees the new x). */
export function alternatingGdaStep(game: MinMaxGame, p: MinMaxPoint, eta: number): MinMaxPoint {
  const x = axpy(p.x, -eta, game.gradients(p.x, p.y).gx);
  return { x, y: axpy(p.y, eta, game.gradients(x, p.y).gy) };
}
