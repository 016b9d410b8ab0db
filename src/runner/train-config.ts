import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { type BackendName, parseBackend } from '../core/backend.js';
import { describeValue, InvalidArgumentError, NotFoundError } from '../core/errors.js';
import { getAlgorithm } from './algorithms.js';
import { isRecord } from '../core/plain-object.js';

/** Everything that defines a training run; written to `runs/<name>/config.json`. */
export interface TrainConfig {
  readonly algo: string;
  /** A registered env id, or the path of a user's env module. */
  readonly env: string;
  /** Arguments of the env's factory. */
  readonly envKwargs: Readonly<Record<string, unknown>>;
  /** Truncates episodes after this many steps (over the registered limit; a module's env gets one). */
  readonly maxEpisodeSteps?: number;
  readonly seed: number;
  readonly steps: number;
  readonly nEnvs: number;
  /** The tensor backend; resolved to the one that loaded before the run starts. */
  readonly backend: BackendName | undefined;
  readonly evalEvery: number;
  readonly evalEpisodes: number;
  readonly checkpointEvery: number;
  readonly logEvery: number;
  /** Stop once a greedy evaluation reaches the env's reward threshold. */
  readonly stopAtThreshold: boolean;
  /** The algorithm's hyperparameters: its preset for the env, then the config file's, resolved with defaults. */
  readonly hyper: Readonly<Record<string, unknown>>;
}

/** Settings a config file or the command line may give; every one optional. */
export type TrainSettings = { -readonly [K in keyof TrainConfig]?: TrainConfig[K] };

const DEFAULTS = { algo: 'dqn', seed: 0, nEnvs: 1, evalEvery: 2000, evalEpisodes: 10, checkpointEvery: 10_000, logEvery: 1000, stopAtThreshold: false };
/** Steps when neither the settings nor the algorithm's preset give any. */
const FALLBACK_STEPS = 100_000;

const KEYS: readonly (keyof TrainConfig)[] = ['algo', 'env', 'envKwargs', 'maxEpisodeSteps', 'seed', 'steps', 'nEnvs', 'backend', 'evalEvery', 'evalEpisodes', 'checkpointEvery', 'logEvery', 'stopAtThreshold', 'hyper'];

function checkInteger(who: string, key: string, v: unknown, min: number): void {
  if (v !== undefined && !(typeof v === 'number' && Number.isSafeInteger(v) && v >= min)) {
    throw new InvalidArgumentError(`${who}: ${key} is ${describeValue(v)}; it must be an integer >= ${min}`);
  }
}

/** Checks the types of settings from a file or flags (`who` names the source in messages). */
export function checkSettings(who: string, s: Record<string, unknown>): TrainSettings {
  for (const k of Object.keys(s)) {
    if (!(KEYS as readonly string[]).includes(k)) throw new InvalidArgumentError(`${who}: unknown setting ${JSON.stringify(k)}; allowed: ${KEYS.join(', ')}`);
  }
  for (const k of ['algo', 'env'] as const) {
    if (s[k] !== undefined && (typeof s[k] !== 'string' || s[k] === '')) throw new InvalidArgumentError(`${who}: ${k} is ${describeValue(s[k])}; it must be a non-empty string`);
  }
  checkInteger(who, 'seed', s.seed, 0);
  checkInteger(who, 'steps', s.steps, 1);
  checkInteger(who, 'nEnvs', s.nEnvs, 1);
  checkInteger(who, 'evalEvery', s.evalEvery, 1);
  checkInteger(who, 'evalEpisodes', s.evalEpisodes, 1);
  checkInteger(who, 'checkpointEvery', s.checkpointEvery, 1);
  checkInteger(who, 'logEvery', s.logEvery, 1);
  checkInteger(who, 'maxEpisodeSteps', s.maxEpisodeSteps, 1);
  if (s.backend !== undefined) parseBackend(String(s.backend), `${who}: backend`);
  if (s.stopAtThreshold !== undefined && typeof s.stopAtThreshold !== 'boolean') {
    throw new InvalidArgumentError(`${who}: stopAtThreshold is ${describeValue(s.stopAtThreshold)}; it must be true or false`);
  }
  for (const k of ['hyper', 'envKwargs'] as const) {
    if (s[k] !== undefined && !isRecord(s[k])) throw new InvalidArgumentError(`${who}: ${k} is ${describeValue(s[k])}; it must be a mapping of names to values`);
  }
  return s as TrainSettings;
}

/** Reads a JSON or YAML config file (by extension) of training settings. */
export function readSettingsFile(path: string): TrainSettings {
  const ext = extname(path).toLowerCase();
  if (!['.json', '.yaml', '.yml'].includes(ext)) throw new InvalidArgumentError(`config file ${path}: extension ${JSON.stringify(ext)}; use .json, .yaml or .yml`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new NotFoundError(`config file ${path}: cannot be read (no such file?)`);
  }
  let data: unknown;
  try {
    data = ext === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new InvalidArgumentError(`config file ${path}: not valid ${ext === '.json' ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!isRecord(data)) throw new InvalidArgumentError(`config file ${path}: must hold a mapping of settings, got ${describeValue(data)}`);
  return checkSettings(`config file ${path}`, data);
}

/**
 * The full config of a run from layers of settings, later ones winning (a file, then flags); `hyper` layers merge
 * key by key over the algorithm's preset for the env, and `envKwargs` layers key by key too. The training length also sets the algorithm's `stepsKey`.
 */
export function resolveTrainConfig(...layers: TrainSettings[]): TrainConfig {
  const merged: TrainSettings = Object.assign({}, ...layers);
  if (merged.env === undefined) throw new InvalidArgumentError('train: no environment given; pass --env <id or module path> or set env in the config file');
  const algo = getAlgorithm(merged.algo ?? DEFAULTS.algo);
  const preset = algo.presets[merged.env] ?? {};
  const hyper: Record<string, unknown> = Object.assign({}, preset, ...layers.map((l) => l.hyper ?? {}));
  const fromHyper = algo.stepsKey === undefined ? undefined : hyper[algo.stepsKey];
  const steps = merged.steps ?? (typeof fromHyper === 'number' ? fromHyper : FALLBACK_STEPS);
  if (algo.stepsKey !== undefined) hyper[algo.stepsKey] = steps;
  const nEnvs = merged.nEnvs ?? DEFAULTS.nEnvs;
  if (nEnvs > 1 && !algo.vector) throw new InvalidArgumentError(`train: algorithm ${merged.algo} acts on one env at a time; --n-envs ${nEnvs} needs 1`);
  return {
    ...DEFAULTS,
    ...merged,
    env: merged.env,
    envKwargs: Object.assign({}, ...layers.map((l) => l.envKwargs ?? {})) as Record<string, unknown>,
    steps,
    nEnvs,
    backend: merged.backend,
    hyper: algo.resolve(hyper),
  };
}
