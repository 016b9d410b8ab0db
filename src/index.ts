/** converge-rl: the public API. */
export * from './core/index.js';
export * from './envs/index.js';
export * from './replay/index.js';
export * from './nn/index.js';
export * from './agents/index.js';
export * from './policy-gradient/index.js';
export * from './games/index.js';
export * from './runner/index.js';
