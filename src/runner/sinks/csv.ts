import type { Observer } from 'rxjs';
import { lineFileObserver } from './line-file.js';

function csvField(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = typeof v === 'string' ? v : Array.isArray(v) ? v.join(' ') : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A sink that appends each record as a CSV row with the given columns (header written to a new file; missing fields left empty). */
export function csvSink(path: string, columns: readonly string[]): Observer<Readonly<Record<string, unknown>>> {
  return lineFileObserver<Readonly<Record<string, unknown>>>(path, (r) => columns.map((c) => csvField(r[c])).join(','), columns.map(csvField).join(','));
}
