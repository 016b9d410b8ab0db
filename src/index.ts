/** converge-rl: the public API. */
export * from './core/index.js';
