export { ClassicControlEnv } from './classic-control-env.js';
export { CartPoleEnv, type CartPoleKwargs } from './cartpole.js';
export { MountainCarEnv, type MountainCarKwargs } from './mountain-car.js';
export { AcrobotEnv, type AcrobotKwargs } from './acrobot.js';
export { PendulumEnv, type PendulumKwargs } from './pendulum.js';
