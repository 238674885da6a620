/**
 * Word-level similarity of two texts in [0, 1]: 2·LCS / (|a| + |b|) over lowercase words
 * (difflib's ratio, on words). URLs and the text format's rule lines are removed first, so
 * a rendering with links written out compares with a reader's flattened copy.
 */
export function comparableWords(text: string): string[] {
  return text
    .replace(/<?https?:\/\/[^\s>]+>?/g, " ")
    .replace(/^(-{4}|={6,}|-{6,})$/gm, " ")
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean);
}

export function wordSimilarity(a: string[], b: string[]): number {
  if (a.length + b.length === 0) return 1;
  let prev = new Uint32Array(b.length + 1);
  let cur = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++)
      cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    [prev, cur] = [cur, prev];
  }
  return (2 * prev[b.length]!) / (a.length + b.length);
}
