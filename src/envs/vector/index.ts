export { SyncVectorEnv } from './sync-vector-env.js';
export { AsyncVectorEnv, type AsyncVectorEnvOptions } from './async-vector-env.js';
export { makeVec } from './make-vec.js';
