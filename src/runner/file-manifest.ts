import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { CorruptFileError } from '../core/errors.js';

/** The size and SHA-256 of one file. */
export interface FileDigest {
  readonly bytes: number;
  readonly sha256: string;
}

/** Every file under a folder (paths relative to it, `/`-separated, sorted) with its digest. */
export type FileManifest = Readonly<Record<string, FileDigest>>;

function digest(data: Uint8Array): FileDigest {
  return { bytes: data.byteLength, sha256: createHash('sha256').update(data).digest('hex') };
}

async function listFiles(root: string, dir: string = root): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(root, path)));
    else if (entry.isFile()) out.push(relative(root, path).split(sep).join('/'));
  }
  return out.sort();
}

/** The manifest of every file under `dir`, whatever wrote it (an agent's weights, buffers, states). */
export async function fileManifest(dir: string): Promise<FileManifest> {
  const files: Record<string, FileDigest> = {};
  for (const f of await listFiles(dir)) files[f] = digest(await readFile(join(dir, f)));
  return files;
}

/**
 * Checks that every file of `manifest` is under `dir` with its size and SHA-256; throws `CorruptFileError` naming
 * the first that is missing or differs (`who` names the file that holds the manifest).
 */
export async function verifyManifest(dir: string, manifest: FileManifest, who: string): Promise<void> {
  for (const [f, want] of Object.entries(manifest)) {
    const path = join(dir, f);
    if (!existsSync(path)) throw new CorruptFileError(`${path} is missing; ${who} lists it (${want.bytes} bytes)`);
    const got = digest(await readFile(path));
    if (got.bytes !== want.bytes) throw new CorruptFileError(`${path} is damaged: it holds ${got.bytes} bytes, ${who} says ${want.bytes} (truncated or overwritten?)`);
    if (got.sha256 !== want.sha256) throw new CorruptFileError(`${path} is damaged: its SHA-256 differs from the one in ${who}`);
  }
}
