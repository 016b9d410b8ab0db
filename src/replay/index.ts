export * from './replay-buffer.js';
export * from './ring-buffer.js';
export * from './tensor-buffer.js';
export * from './sum-tree.js';
export * from './prioritized-buffer.js';
export * from './n-step.js';
export { readArrays, writeArrays, type StoredArray } from './array-file.js';
