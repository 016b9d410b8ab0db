export * from './tabular-q.js';
export * from './dqn.js';
export * from './dqn-config.js';
export * from './dqn-targets.js';
export * from './presets/dqn-presets.js';
export * from './mlp.js';
export * from './adam.js';
export * from './file-io-handler.js';
