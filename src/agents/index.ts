export * from './tabular-q.js';
export * from './tabular-q-config.js';
export * from './dqn.js';
export * from './dqn-config.js';
export * from './dqn-targets.js';
export * from './presets/dqn-presets.js';
