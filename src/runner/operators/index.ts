export { episodes, type EpisodeRecord } from './episodes.js';
export { everySteps } from './every-steps.js';
export { evaluate, type EvalRecord, type EvaluateOptions } from './evaluate.js';
export { checkpoint, type CheckpointRecord } from './checkpoint.js';
export { stopAtRewardThreshold } from './stop-at-reward-threshold.js';
