/** Typed-array classes an observation may come in, by name, so one saved as JSON comes back as the same class. */
const TYPED = { Float32Array, Float64Array, Int32Array, Uint8Array, Int8Array, Uint16Array, Int16Array, Uint32Array } as const;

type TypedName = keyof typeof TYPED;

/** An observation (number, typed array, or nested arrays and objects of them) as plain JSON. */
export function observationToJson(x: unknown): unknown {
  if (ArrayBuffer.isView(x)) {
    const name = x.constructor.name as TypedName;
    return { typedArray: name, values: Array.from(x as unknown as ArrayLike<number>) };
  }
  if (Array.isArray(x)) return x.map(observationToJson);
  if (x !== null && typeof x === 'object') return { object: Object.fromEntries(Object.entries(x).map(([k, v]) => [k, observationToJson(v)])) };
  return x;
}

/** The observation `observationToJson` saved. */
export function observationFromJson(j: unknown): unknown {
  if (Array.isArray(j)) return j.map(observationFromJson);
  if (j !== null && typeof j === 'object') {
    const o = j as { typedArray?: TypedName; values?: number[]; object?: Record<string, unknown> };
    if (o.typedArray !== undefined) return TYPED[o.typedArray].from(o.values ?? []);
    return Object.fromEntries(Object.entries(o.object ?? {}).map(([k, v]) => [k, observationFromJson(v)]));
  }
  return j;
}
