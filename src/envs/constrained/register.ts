import { booleanKwarg, numberKwarg, parseKwargs } from '../kwargs.js';
import type { EnvRegistration } from '../registry.js';
import { constrainedCartPole, constrainedPendulum } from './constrained-control.js';
import { constrainedGridWorld } from './constrained-grid.js';

/** The constrained environments (costs in `info.costs`), under their ids and time limits. */
export const constrainedEnvs: readonly EnvRegistration[] = [
  {
    id: 'ConstrainedCartPole-v0',
    factory: (kw) => constrainedCartPole(parseKwargs('ConstrainedCartPole-v0', kw, { band: numberKwarg(0.5, 0), budget: numberKwarg(5, 0), gamma: numberKwarg(0.99, 0), sutton_barto_reward: booleanKwarg(false) })),
    maxEpisodeSteps: 500,
  },
  {
    id: 'ConstrainedPendulum-v0',
    factory: (kw) => constrainedPendulum(parseKwargs('ConstrainedPendulum-v0', kw, { budget: numberKwarg(20, 0), gamma: numberKwarg(0.99, 0), g: numberKwarg(10, 0) })),
    maxEpisodeSteps: 200,
  },
  {
    id: 'ConstrainedGridWorld-v0',
    factory: (kw) => constrainedGridWorld(parseKwargs('ConstrainedGridWorld-v0', kw, { budget: numberKwarg(0.5), slip: numberKwarg(0.1, 0), gamma: numberKwarg(0.95, 0) })),
    maxEpisodeSteps: 100,
  },
];
