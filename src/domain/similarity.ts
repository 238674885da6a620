/**
 * Similarity of two short strings in [0, 1]: the Sørensen–Dice coefficient over character
 * bigrams. Robust to small typos and word-order noise, cheap enough to run on a few dozen
 * candidates that full-text search already found.
 */
export function diceSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const counts = new Map<string, number>();
  for (let i = 0; i < a.length - 1; i++) {
    const bg = a.slice(i, i + 2);
    counts.set(bg, (counts.get(bg) ?? 0) + 1);
  }
  let overlap = 0;
  for (let i = 0; i < b.length - 1; i++) {
    const bg = b.slice(i, i + 2);
    const n = counts.get(bg) ?? 0;
    if (n > 0) {
      overlap++;
      counts.set(bg, n - 1);
    }
  }
  return (2 * overlap) / (a.length - 1 + (b.length - 1));
}
