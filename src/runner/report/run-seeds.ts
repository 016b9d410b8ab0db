/** Runs `fn` once per seed, one after another (so results do not depend on scheduling), and returns the results in seed order. */
export async function runSeeds<T>(seeds: readonly number[], fn: (seed: number) => T | Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (const seed of seeds) out.push(await fn(seed));
  return out;
}
