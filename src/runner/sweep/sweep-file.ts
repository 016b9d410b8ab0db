import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describeValue, InvalidArgumentError, NotFoundError } from '../../core/errors.js';
import { isModulePath } from '../env-source.js';
import { envSpec } from '../../envs/registry.js';
import { checkSettings, resolveTrainConfig, type TrainConfig, type TrainSettings } from '../train-config.js';
import { resolveModulePath } from './job-guard.js';
import { isRecord } from '../../core/plain-object.js';

/** One run of a sweep: an ordinary `converge train` run, named and identified by its settings. */
export interface SweepJob {
  /** Hash of the run's resolved settings: the same settings give the same id, on any machine. */
  readonly id: string;
  /** Hash of the settings without the seed: the runs of one setting share it. */
  readonly setting: string;
  /** The run directory, relative to the sweeps folder: `<sweep>/runs/<algo>-<env>-s<seed>-<id>`. */
  readonly run: string;
  /** The settings the run is trained with; a module env is a path inside the sweep's modules folder. */
  readonly settings: TrainSettings;
}

/** A sweep file, read and expanded into its runs. */
export interface Sweep {
  readonly name: string;
  readonly file: string;
  /** The folder that env module paths are relative to (the sweep file's folder unless `modules` says otherwise). */
  readonly modulesDir: string;
  readonly jobs: readonly SweepJob[];
}

const TOP_KEYS = ['name', 'modules', 'base', 'runs', 'grid', 'seeds'] as const;
/** Sweep, run and folder names: letters, digits, `_`, `.`, `-` (they become folder names and queue job ids). */
export const NAME_PATTERN = /^[A-Za-z0-9][\w.-]*$/;

/** JSON with object keys sorted, so equal settings hash equally whatever order the file wrote them in. */
export function canonicalJson(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonicalJson).join(',')}]`;
  if (isRecord(x)) {
    return `{${Object.keys(x)
      .filter((k) => x[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(x[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(x);
}

function hash(x: unknown): string {
  return createHash('sha256').update(canonicalJson(x)).digest('hex').slice(0, 12);
}

/** Sets `key` of a settings layer: a setting name, or `hyper.<name>` / `envKwargs.<name>` inside those mappings. */
function setKey(layer: Record<string, unknown>, key: string, value: unknown, who: string): void {
  const dot = key.indexOf('.');
  if (dot < 0) {
    layer[key] = value;
    return;
  }
  const head = key.slice(0, dot);
  if (head !== 'hyper' && head !== 'envKwargs') throw new InvalidArgumentError(`${who}: grid key ${JSON.stringify(key)}; a dotted key must start with hyper. or envKwargs.`);
  const inner = isRecord(layer[head]) ? { ...(layer[head] as Record<string, unknown>) } : {};
  inner[key.slice(dot + 1)] = value;
  layer[head] = inner;
}

/** The points of a grid: every combination of its values, the first key varying slowest. */
function gridPoints(grid: Record<string, unknown>, who: string): Record<string, unknown>[] {
  let points: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries(grid)) {
    if (!Array.isArray(values) || values.length === 0) throw new InvalidArgumentError(`${who}: grid.${key} is ${describeValue(values)}; it must be a non-empty list of values`);
    points = points.flatMap((p) =>
      values.map((v) => {
        const q: Record<string, unknown> = structuredClone(p);
        setKey(q, key, v, who);
        return q;
      }),
    );
  }
  return points;
}

/** Merges settings layers, `hyper` and `envKwargs` key by key. */
function mergeLayers(...layers: Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const l of layers) {
    for (const [k, v] of Object.entries(l)) {
      out[k] = (k === 'hyper' || k === 'envKwargs') && isRecord(out[k]) && isRecord(v) ? { ...(out[k] as object), ...v } : v;
    }
  }
  return out;
}

function readSeeds(x: unknown, who: string): number[] | undefined {
  if (x === undefined) return undefined;
  if (typeof x === 'number' && Number.isSafeInteger(x) && x >= 1) return Array.from({ length: x }, (_, i) => i);
  if (Array.isArray(x) && x.length > 0 && x.every((s) => typeof s === 'number' && Number.isSafeInteger(s) && s >= 0) && new Set(x).size === x.length) return x as number[];
  throw new InvalidArgumentError(`${who}: seeds is ${describeValue(x)}; it must be a count >= 1 or a list of distinct integers >= 0`);
}

/** The short env name of a run directory: the id, or a module's file name without its extension. */
function envShort(env: string): string {
  return env.replace(/^.*[\\/]/, '').replace(/\.(c|m)?[jt]s$/, '').replace(/[^\w.-]+/g, '_');
}

/**
 * Checks one run's settings: the algorithm is registered, its hyperparameters valid, the env a registered id or a
 * module inside `modulesDir`. Returns the resolved config with a module env as an absolute path.
 */
export function resolveJobConfig(settings: TrainSettings, modulesDir: string | undefined, who: string): TrainConfig {
  checkSettings(who, settings as Record<string, unknown>);
  const env = settings.env;
  if (env === undefined) throw new InvalidArgumentError(`${who}: no env given`);
  try {
    const abs = isModulePath(env) ? resolveModulePath(env, modulesDir) : undefined;
    if (abs === undefined) envSpec(env);
    return resolveTrainConfig({ ...settings, ...(abs !== undefined && { env: abs }) });
  } catch (e) {
    if (e instanceof InvalidArgumentError) throw new InvalidArgumentError(`${who}: ${e.message}`);
    if (e instanceof NotFoundError) throw new NotFoundError(`${who}: ${e.message}`);
    throw e;
  }
}

/** The identity of a run: its resolved config with the env as the sweep names it (a module by its relative path). */
function identity(c: TrainConfig, env: string): Record<string, unknown> {
  return { ...c, env };
}

/**
 * Reads a sweep file (YAML or JSON) and expands it into runs: `base` settings, each entry of `runs` (default one
 * empty entry) over every point of `grid`, for every seed of `seeds`. Every run is validated here, so a bad entry
 * fails before anything trains; errors name the file and the entry.
 *
 * ```yaml
 * name: dqn-lr
 * base: { algo: dqn, env: CartPole-v1, steps: 20000 }
 * grid: { hyper.learningRate: [0.001, 0.0003] }
 * seeds: 5
 * ```
 */
export function readSweepFile(path: string): Sweep {
  const who = `sweep file ${path}`;
  const ext = extname(path).toLowerCase();
  if (!['.json', '.yaml', '.yml'].includes(ext)) throw new InvalidArgumentError(`${who}: extension ${JSON.stringify(ext)}; use .yaml, .yml or .json`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new NotFoundError(`${who}: cannot be read (no such file?)`);
  }
  let data: unknown;
  try {
    data = ext === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new InvalidArgumentError(`${who}: not valid ${ext === '.json' ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`);
  }
  if (!isRecord(data)) throw new InvalidArgumentError(`${who}: must hold a mapping (name, base, runs, grid, seeds), got ${describeValue(data)}`);
  for (const k of Object.keys(data)) {
    if (!(TOP_KEYS as readonly string[]).includes(k)) throw new InvalidArgumentError(`${who}: unknown key ${JSON.stringify(k)}; allowed: ${TOP_KEYS.join(', ')}`);
  }
  const name = data.name ?? basename(path, extname(path));
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) throw new InvalidArgumentError(`${who}: name is ${describeValue(name)}; it must be letters, digits, _, . or - (a folder name)`);
  if (data.modules !== undefined && (typeof data.modules !== 'string' || data.modules === '')) throw new InvalidArgumentError(`${who}: modules is ${describeValue(data.modules)}; it must be a folder path`);
  const modulesDir = resolve(dirname(path), (data.modules as string | undefined) ?? '.');
  const base = data.base ?? {};
  if (!isRecord(base)) throw new InvalidArgumentError(`${who}: base is ${describeValue(base)}; it must be a mapping of settings`);
  const runs = data.runs ?? [{}];
  if (!Array.isArray(runs) || runs.length === 0 || !runs.every(isRecord)) throw new InvalidArgumentError(`${who}: runs must be a non-empty list of mappings of settings`);
  const grid = data.grid ?? {};
  if (!isRecord(grid)) throw new InvalidArgumentError(`${who}: grid is ${describeValue(grid)}; it must map setting names to lists of values`);
  const seeds = readSeeds(data.seeds, who);
  const points = gridPoints(grid, who);

  const jobs: SweepJob[] = [];
  const seen = new Map<string, number>();
  (runs as Record<string, unknown>[]).forEach((entry, r) => {
    for (const point of points) {
      const merged = mergeLayers(base, entry, point);
      if (seeds !== undefined && merged.seed !== undefined) throw new InvalidArgumentError(`${who}: runs[${r}] sets seed ${describeValue(merged.seed)} and the file lists seeds; give one`);
      for (const seed of seeds ?? [(merged.seed as number | undefined) ?? 0]) {
        const settings = { ...merged, seed } as TrainSettings;
        const label = `runs[${r}]${Object.keys(point).length > 0 ? ` at grid point ${canonicalJson(point)}` : ''}, seed ${seed}`;
        const config = resolveJobConfig(settings, modulesDir, `${who}: ${label}`);
        const ident = identity(config, settings.env as string);
        const id = hash(ident);
        const earlier = seen.get(id);
        if (earlier !== undefined) throw new InvalidArgumentError(`${who}: ${label} is the same run as run ${earlier + 1} of the sweep; remove one`);
        seen.set(id, jobs.length);
        const { seed: _omit, ...withoutSeed } = ident;
        jobs.push({ id, setting: hash(withoutSeed), run: `${name}/runs/${config.algo}-${envShort(config.env)}-s${seed}-${id}`, settings });
      }
    }
  });
  return { name, file: path, modulesDir, jobs };
}
