export * from './zero-sum.js';
export * from './normal-form/index.js';
export * from './dynamics/hedge.js';
