import { closeSync, fstatSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Observer } from 'rxjs';

/**
 * An observer that appends one line per value to a file with synchronous writes, so the line of every value already
 * emitted is in the file (and survives a kill -9 of the process) before the run takes its next step. `header` is
 * written first when the file is new or empty.
 */
export function lineFileObserver<T>(path: string, format: (value: T) => string, header?: string): Observer<T> {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'a');
  let open = true;
  if (header !== undefined && fstatSync(fd).size === 0) writeSync(fd, `${header}\n`);
  const close = () => {
    if (open) closeSync(fd);
    open = false;
  };
  return {
    next: (value) => {
      if (open) writeSync(fd, `${format(value)}\n`);
    },
    error: close,
    complete: close,
  };
}
