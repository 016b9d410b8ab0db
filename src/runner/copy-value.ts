/**
 * A deep copy of an observation or action: typed arrays are sliced, arrays and plain objects copied member by
 * member, primitives returned as they are. Environments may overwrite the arrays they return; copies are safe to keep.
 */
export function copyValue<T>(x: T): T {
  if (x === null || typeof x !== 'object') return x;
  if (ArrayBuffer.isView(x)) return (x as unknown as { slice(): T }).slice();
  if (Array.isArray(x)) return x.map((v: unknown) => copyValue(v)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) out[k] = copyValue(v);
  return out as T;
}
