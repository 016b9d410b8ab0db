import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeValue, InvalidArgumentError, NotFoundError } from '../../core/errors.js';

/** A notebook's name: a file name in the notebooks folder without its extension (no path, no `..`). */
const NOTEBOOK_NAME = /^[A-Za-z0-9][\w-]*$/;

/** The package's notebooks folder: notebooks/ beside src/ when run from source, dist/notebooks/ when compiled. */
export function packageNotebooksDir(): string {
  return fileURLToPath(new URL('../../../notebooks/', import.meta.url));
}

/** The notebook names in `dir` (its .js and .ts files without extension), sorted. */
export function notebookNames(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const names = readdirSync(dir)
    .filter((f) => /\.(js|ts)$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => f.replace(/\.(js|ts)$/, ''));
  return [...new Set(names)].sort();
}

/**
 * The file of notebook `name` in `dir` (.js before .ts). Only a plain name is taken, and the file must lie inside
 * `dir` with symlinks resolved, so a queued job cannot point a worker at code outside its notebooks folder.
 */
export function resolveNotebookFile(dir: string, name: unknown): string {
  if (typeof name !== 'string' || !NOTEBOOK_NAME.test(name)) throw new InvalidArgumentError(`notebook ${describeValue(name)} refused: a notebook is named by its file name in the notebooks folder, letters, digits, _ and -`);
  const root = resolve(dir);
  const file = ['.js', '.ts'].map((ext) => join(root, `${name}${ext}`)).find((p) => existsSync(p));
  if (file === undefined) {
    const known = notebookNames(root);
    throw new NotFoundError(`no notebook ${JSON.stringify(name)} in ${root}; available: ${known.length > 0 ? known.join(', ') : 'none'}`);
  }
  const rel = relative(realpathSync(root), realpathSync(file));
  if (rel.startsWith('..') || isAbsolute(rel)) throw new InvalidArgumentError(`notebook ${JSON.stringify(name)} refused: it links outside the notebooks folder ${root}`);
  return file;
}
