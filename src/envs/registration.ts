import { AcrobotEnv, type AcrobotKwargs } from './classic-control/acrobot.js';
import { CartPoleEnv, type CartPoleKwargs } from './classic-control/cartpole.js';
import { MountainCarEnv, type MountainCarKwargs } from './classic-control/mountain-car.js';
import { PendulumEnv, type PendulumKwargs } from './classic-control/pendulum.js';
import type { EnvRegistration } from './registry.js';
import { tabularEnvs } from './tabular/register.js';
import { constrainedEnvs } from './constrained/register.js';

/**
 * The environments every registry starts with, under Gymnasium's ids and time limits: classic control, then the
 * tabular and the constrained ones. The envs check their own kwargs, so the factories only pass them on.
 */
export const builtinEnvs: readonly EnvRegistration[] = [
  { id: 'CartPole-v1', factory: (kw) => new CartPoleEnv(kw as CartPoleKwargs), maxEpisodeSteps: 500, rewardThreshold: 475 },
  { id: 'MountainCar-v0', factory: (kw) => new MountainCarEnv(kw as MountainCarKwargs), maxEpisodeSteps: 200, rewardThreshold: -110 },
  { id: 'Acrobot-v1', factory: (kw) => new AcrobotEnv(kw as AcrobotKwargs), maxEpisodeSteps: 500, rewardThreshold: -100 },
  { id: 'Pendulum-v1', factory: (kw) => new PendulumEnv(kw as PendulumKwargs), maxEpisodeSteps: 200 },
  ...tabularEnvs,
  ...constrainedEnvs,
];
