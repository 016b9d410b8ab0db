/** Whether `x` is an object that is neither null nor an array: the shape of a JSON or YAML mapping once parsed. */
export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Whether `x` is a plain object (an object literal, or `Object.create(null)`), not a class instance, typed array or Map. */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (!isRecord(x)) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}
