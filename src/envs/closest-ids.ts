/** Levenshtein distance between two strings (insertions, deletions and substitutions each cost 1). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min(sub, (prev[j] as number) + 1, (row[j - 1] as number) + 1));
    }
    prev = row;
  }
  return prev[b.length] as number;
}

/**
 * The candidates closest to `query` by case-insensitive edit distance, nearest first (ties alphabetical), at most
 * `limit`, and only those within about a third of the query's length: close enough to be a typo.
 */
export function closestIds(query: string, candidates: Iterable<string>, limit = 3): string[] {
  const q = query.toLowerCase();
  const maxDistance = Math.max(2, Math.ceil(q.length / 3));
  return [...candidates]
    .map((id) => ({ id, d: editDistance(q, id.toLowerCase()) }))
    .filter(({ d }) => d <= maxDistance)
    .sort((x, y) => x.d - y.d || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
    .slice(0, limit)
    .map(({ id }) => id);
}
