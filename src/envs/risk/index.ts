export * from './ecrm-mdp.js';
