/** Euclidean norm of a vector. */
export function norm(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] as number) ** 2;
  return Math.sqrt(s);
}

/** A vector as a plain JSON array (null stays null), for saving rule state. */
export function vectorToJson(v: Float64Array | null): number[] | null {
  return v ? Array.from(v) : null;
}

/** The inverse of `vectorToJson`. */
export function vectorFromJson(v: unknown): Float64Array | null {
  return Array.isArray(v) ? Float64Array.from(v as number[]) : null;
}
