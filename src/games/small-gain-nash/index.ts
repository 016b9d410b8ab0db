export * from './differentiable-game.js';
export * from './autodiff-game.js';
export * from './bounds.js';
export * from './certificate.js';
export * from './flows.js';
