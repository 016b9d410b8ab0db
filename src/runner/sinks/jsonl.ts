import { existsSync, readFileSync } from 'node:fs';
import type { Observer } from 'rxjs';
import { lineFileObserver } from './line-file.js';

/** A sink that appends each value as one JSON line to `path` (created with its folder if missing). */
export function jsonlSink<T>(path: string): Observer<T> {
  return lineFileObserver<T>(path, (v) => JSON.stringify(v));
}

/**
 * Reads a JSON-lines file. A last line without its newline (a write cut by a crash) is skipped; a bad line elsewhere
 * is an error naming the line.
 */
export function readJsonl<T = Record<string, unknown>>(path: string): T[] {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  lines.pop();
  return lines.map((line, i) => {
    try {
      return JSON.parse(line) as T;
    } catch (e) {
      throw new SyntaxError(`${path}:${i + 1}: not JSON (${(e as Error).message})`);
    }
  });
}

/**
 * Reads a JSON-lines file as far as it is readable: the lines that parse as JSON objects, and the numbers (from 1)
 * of those that do not, a torn last line included. A missing file has no lines. For reports, which must not fail
 * on a log a crash damaged.
 */
export function readJsonlTolerant<T = Record<string, unknown>>(path: string): { records: T[]; damaged: number[] } {
  const records: T[] = [];
  const damaged: number[] = [];
  if (!existsSync(path)) return { records, damaged };
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((line, i) => {
    try {
      const v: unknown = JSON.parse(line);
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) records.push(v as T);
      else damaged.push(i + 1);
    } catch {
      damaged.push(i + 1);
    }
  });
  return { records, damaged };
}
