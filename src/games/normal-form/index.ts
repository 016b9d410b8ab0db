export * from './game.js';
export * from './builtins.js';
export * from './payoffs.js';
