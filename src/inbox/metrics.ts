/**
 * How well a ranking and a suggestion do, measured the usual way.
 */

/**
 * Area under the ROC curve: the chance that a random positive scores above a random negative,
 * ties counting half (Mann-Whitney U over average ranks). NaN when a class is missing.
 */
export function auc(scores: readonly number[], labels: readonly boolean[]): number {
  const order = scores.map((s, i) => ({ s, y: labels[i]! })).sort((a, b) => a.s - b.s);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]!.s === order[i]!.s) j++;
    // Ranks i+1..j share their average.
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++)
      if (order[k]!.y) {
        positives++;
        rankSum += rank;
      }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Share of positives among the k best-scored items (ties broken by the order given, so a
 * stable input order gives a stable answer).
 */
export function precisionAt(k: number, scores: readonly number[], labels: readonly boolean[]): number {
  const top = scores
    .map((s, i) => ({ s, i }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .slice(0, k);
  if (top.length === 0) return Number.NaN;
  return top.filter((t) => labels[t.i]).length / top.length;
}

/** Share of cases whose true answer is among the first k suggested. */
export function topKAccuracy(
  k: number,
  ranked: readonly (readonly string[])[],
  truth: readonly string[],
): number {
  if (truth.length === 0) return Number.NaN;
  let hits = 0;
  for (const [i, answer] of truth.entries()) if (ranked[i]!.slice(0, k).includes(answer)) hits++;
  return hits / truth.length;
}
