import { readFileSync } from 'node:fs';
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
