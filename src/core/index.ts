export * from './errors.js';
export * from './rng.js';
export * from './spaces/index.js';
export * from './env.js';
export * from './backend.js';
export * from './agent.js';
export * from './argmax.js';
export * from './schedules.js';
