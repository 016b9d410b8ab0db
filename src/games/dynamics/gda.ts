import { axpy, type MinMaxGame, type MinMaxPoint } from '../min-max-game.js';

/** Simultaneous gradient descent-ascent: x' = x − η∇_x f(x, y), y' = y + η∇_y f(x, y). */
export function gdaStep(game: MinMaxGame, p: MinMaxPoint, eta: number): MinMaxPoint {
  const { gx, gy } = game.gradients(p.x, p.y);
  return { x: axpy(p.x, -eta, gx), y: axpy(p.y, eta, gy) };
}
