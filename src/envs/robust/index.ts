export * from './robust-mdp.js';
export * from './robust-exact.js';
export * from './robust-garnet.js';
