export * from './preference-matrix.js';
export * from './contextual-preference.js';
export * from './links.js';
export * from './pairwise-preference.js';
export * from './builtin-preferences.js';
export * from './bradley-terry.js';
export * from './minimax-winner.js';
