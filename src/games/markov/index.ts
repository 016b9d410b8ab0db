export * from './markov-game.js';
export * from './joint-policy.js';
export * from './evaluation.js';
export * from './shapley.js';
export * from './random-markov-game.js';
export * from './per-state-learners.js';
export * from './repeated-game.js';
export * from './registry.js';
