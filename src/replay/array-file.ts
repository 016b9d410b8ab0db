import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../core/atomic-write.js';
import { InvalidArgumentError } from '../core/errors.js';

/** The typed arrays a buffer file can hold. */
export type StoredArray = Float32Array | Int32Array | Float64Array;

const MAGIC = 'CVRLBUF1';
const CTORS = { Float32Array, Int32Array, Float64Array } as const;
type CtorName = keyof typeof CTORS;

interface Header {
  readonly meta: Record<string, unknown>;
  readonly arrays: { readonly name: string; readonly type: CtorName; readonly length: number; readonly offset: number }[];
}

/**
 * Writes named typed arrays and a JSON `meta` record to one binary file, atomically. Layout: 8-byte magic, u32
 * header length, JSON header, then each array's bytes at an 8-byte-aligned offset (so reads need no copy).
 */
export async function writeArrays(path: string, meta: Record<string, unknown>, arrays: Record<string, StoredArray>): Promise<void> {
  const entries = Object.entries(arrays);
  const specs: Header['arrays'] = [];
  let offset = 0;
  for (const [name, a] of entries) {
    specs.push({ name, type: a.constructor.name as CtorName, length: a.length, offset });
    offset += Math.ceil(a.byteLength / 8) * 8;
  }
  const header = Buffer.from(JSON.stringify({ meta, arrays: specs } satisfies Header), 'utf8');
  const start = Math.ceil((12 + header.length) / 8) * 8;
  const out = Buffer.alloc(start + offset);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(header.length, 8);
  header.copy(out, 12);
  entries.forEach(([, a], i) => {
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(out, start + (specs[i]?.offset ?? 0));
  });
  await writeFileAtomic(path, out);
}

/** Reads a file written by `writeArrays`. */
export async function readArrays(path: string): Promise<{ meta: Record<string, unknown>; arrays: Record<string, StoredArray> }> {
  const data = await readFile(path);
  if (data.length < 12 || data.toString('latin1', 0, 8) !== MAGIC) {
    throw new InvalidArgumentError(`${path}: not a converge-rl buffer file (bad magic)`);
  }
  const headerLength = data.readUInt32LE(8);
  const header = JSON.parse(data.toString('utf8', 12, 12 + headerLength)) as Header;
  const start = Math.ceil((12 + headerLength) / 8) * 8;
  // Copy into a fresh aligned buffer: a Node Buffer's byteOffset in its pool need not be aligned.
  const body = new Uint8Array(data.subarray(start)).buffer;
  const arrays: Record<string, StoredArray> = {};
  for (const spec of header.arrays) {
    const Ctor = CTORS[spec.type];
    if (!Ctor) throw new InvalidArgumentError(`${path}: unknown array type ${JSON.stringify(spec.type)}`);
    arrays[spec.name] = new Ctor(body, spec.offset, spec.length);
  }
  return { meta: header.meta, arrays };
}
