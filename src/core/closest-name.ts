/** "Did you mean …?": the candidate nearest to a misspelt name (Levenshtein distance), when it is close. */
export function findClosestName(name: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  const a = name.toLowerCase();
  for (const candidate of candidates) {
    const b = candidate.toLowerCase();
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let previous = row[0];
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const current = row[j];
        row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
        previous = current;
      }
    }
    if (row[b.length] < bestDistance) {
      bestDistance = row[b.length];
      best = candidate;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 4)) ? best : null;
}
