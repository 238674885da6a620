/**
 * tf-idf over a fitted vocabulary: sublinear term frequency (1 + ln tf) times smoothed inverse
 * document frequency (ln((1 + n) / (1 + df)) + 1), the vector scaled to unit length, as
 * scikit-learn's TfidfVectorizer does by default. Sparse: a Map from term to weight.
 */
export type SparseVector = Map<string, number>;

export interface TfidfVocabulary {
  /** Term -> inverse document frequency; terms seen in fewer than minDf documents are left out. */
  idf: Record<string, number>;
}

export function fitTfidf(documents: readonly string[][], minDf = 2, maxDfShare = 0.5): TfidfVocabulary {
  const df = new Map<string, number>();
  for (const doc of documents) for (const t of new Set(doc)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = documents.length;
  const idf: Record<string, number> = {};
  for (const [t, d] of df)
    if (d >= minDf && d <= Math.max(minDf, maxDfShare * n)) idf[t] = Math.log((1 + n) / (1 + d)) + 1;
  return { idf };
}

export function tfidfVector(vocabulary: TfidfVocabulary, tokens: readonly string[]): SparseVector {
  const counts = new Map<string, number>();
  for (const t of tokens) if (Object.hasOwn(vocabulary.idf, t)) counts.set(t, (counts.get(t) ?? 0) + 1);
  const out: SparseVector = new Map();
  let norm = 0;
  for (const [t, c] of counts) {
    const w = (1 + Math.log(c)) * vocabulary.idf[t]!;
    out.set(t, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [t, w] of out) out.set(t, w / norm);
  return out;
}

/** Cosine of two unit-length sparse vectors (their dot product). */
export function dot(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [t, w] of small) sum += w * (large.get(t) ?? 0);
  return sum;
}
