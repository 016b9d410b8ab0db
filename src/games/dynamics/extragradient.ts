import { axpy, type MinMaxGame, type MinMaxPoint } from '../min-max-game.js';

/**
 * Extragradient (Korpelevich 1976): a GDA half step to (x̂, ŷ), then the step from (x, y) with the gradients taken
 * at (x̂, ŷ): x' = x − η∇_x f(x̂, ŷ), y' = y + η∇_y f(x̂, ŷ).
 */
export function extragradientStep(game: MinMaxGame, p: MinMaxPoint, eta: number): MinMaxPoint {
  const g = game.gradients(p.x, p.y);
  const half = game.gradients(axpy(p.x, -eta, g.gx), axpy(p.y, eta, g.gy));
  return { x: axpy(p.x, -eta, half.gx), y: axpy(p.y, eta, half.gy) };
}
