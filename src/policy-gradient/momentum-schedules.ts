/** Step size γ_t = γ0·2/(t+2) of N-PG-IGT and N-HARPG (Fatkhullin et al. 2023, Algorithms 1-2), t from 0. */
export function normalizedStepSize(gamma0: number, t: number): number {
  return (gamma0 * 2) / (t + 2);
}

/** Momentum weight η_t = η0·(2/(t+2))^p, p = 0.8 for N-PG-IGT, p = 1 for N-HARPG (t from 0; η_0 = η0). */
export function momentumWeight(eta0: number, t: number, power: number): number {
  return Math.min(1, eta0 * Math.pow(2 / (t + 2), power));
}

/** Step size γ_t = γ0·(2/(t+2))^p, t from 0: p = 2/3 for the vanilla PG of Fatkhullin et al.'s released code. */
export function polynomialStepSize(gamma0: number, t: number, power: number): number {
  return gamma0 * Math.pow(2 / (t + 2), power);
}
