import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { describeValue, InvalidArgumentError, NotFoundError } from '../../core/errors.js';

/** Whether `path` lies inside `dir` (both absolute, symlinks resolved). */
function inside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/**
 * The absolute path of an env module named by a job: a relative path inside `modulesDir`, the only folder a worker
 * imports code from. An absolute path, a path leaving the folder (`..`, a symlink out of it) or no folder at all is
 * refused, so whoever writes to the queue cannot make a worker run code of their choosing.
 */
export function resolveModulePath(env: string, modulesDir: string | undefined): string {
  if (modulesDir === undefined) throw new InvalidArgumentError(`env module ${JSON.stringify(env)} refused: this worker was started without --modules, so it runs registered env ids only`);
  if (isAbsolute(env)) throw new InvalidArgumentError(`env module ${JSON.stringify(env)} refused: a module is named by a path relative to the modules folder ${modulesDir}`);
  const root = resolve(modulesDir);
  const abs = resolve(root, env);
  if (!inside(root, abs)) throw new InvalidArgumentError(`env module ${JSON.stringify(env)} refused: it is outside the modules folder ${root}`);
  if (!existsSync(abs)) throw new NotFoundError(`env module ${JSON.stringify(env)}: no file at ${abs}`);
  if (!inside(realpathSync(root), realpathSync(abs))) throw new InvalidArgumentError(`env module ${JSON.stringify(env)} refused: it links outside the modules folder ${root}`);
  return abs;
}

/** Checks a run directory named by a job: a relative path of plain names (no `..`, no absolute path). */
export function checkRunPath(run: unknown): string {
  const ok = typeof run === 'string' && run.split('/').every((s) => /^[A-Za-z0-9][\w.-]*$/.test(s) && s !== '..');
  if (!ok) throw new InvalidArgumentError(`run directory ${describeValue(run)} refused: it must be a relative path of names made of letters, digits, _, . and -`);
  return run;
}
