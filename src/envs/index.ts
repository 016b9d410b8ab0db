export * from './classic-control/index.js';
export * from './wrappers/index.js';
export * from './vector/index.js';
export { register, unregister, make, listEnvs, envSpec, type EnvFactory, type RegisterOptions, type EnvRegistration, type MakeOptions } from './registry.js';
export { builtinEnvs } from './registration.js';
export { checkEnv, assertEnv, type CheckEnvResult, type CheckEnvOptions } from './env-checker.js';
export { loadEnvModule, type LoadedEnvModule } from './load-env-module.js';
export { closestIds, editDistance } from './closest-ids.js';
export * from './tabular/index.js';
