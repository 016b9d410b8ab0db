export * from './constrained-env.js';
export * from './tabular-cmdp.js';
export * from './cmdp-values.js';
export * from './solve-cmdp.js';
export * from './cmdp-benchmarks.js';
