export * from './adam.js';
export * from './checkpoint.js';
export * from './clip.js';
export * from './file-io-handler.js';
export * from './mlp.js';
export * from './orthogonal.js';
