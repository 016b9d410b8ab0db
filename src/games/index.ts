export * from './zero-sum.js';
export * from './dynamics/hedge.js';
export * from './preference/index.js';
