export * from './zero-sum.js';
export * from './normal-form/index.js';
export * from './min-max-game.js';
export * from './dynamics/index.js';
export * from './small-gain-nash/index.js';
export * from './markov/index.js';
export * from './preference/index.js';
