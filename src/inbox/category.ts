import { SummaError } from "../domain/errors.ts";
import { authorKey, hostOf } from "./candidate.ts";
import { dot, fitTfidf, type SparseVector, type TfidfVocabulary, tfidfVector } from "./tfidf.ts";
import { textTokens } from "./tokens.ts";

/**
 * Which of the taxonomy's categories an item belongs in, ranked with probabilities: each
 * category is the centroid of its documents' tf-idf vectors (title and summary of the entries
 * filed under it, abstracts of picked candidates), an item goes nearest by cosine, and a softmax
 * over the cosines gives the probabilities. An item's site ("#arxiv.org") and, optionally, its
 * authors ("@christiano p") are extra terms: an author tends to stay in a category.
 * (A multinomial naive Bayes over the same terms did worse on the validation split:
 * bench/inbox-rank.ts.)
 */
export interface CategoryDocument {
  category: string;
  title: string;
  text: string;
  authors: readonly string[];
  url: string;
  /** How much this document counts toward its centroid (1 by default). */
  weight?: number;
}

export interface CategoryOptions {
  /** Times each author's term is repeated (0: authors are not terms). */
  authorWeight: number;
  /** The softmax's temperature over cosines (small: confident). */
  temperature: number;
}

export const DEFAULT_CATEGORY_OPTIONS: CategoryOptions = { authorWeight: 0, temperature: 0.05 };

export interface CategoryModel {
  options: CategoryOptions;
  vocabulary: TfidfVocabulary;
  centroids: { category: string; vector: SparseVector }[];
}

export interface CategorySuggestion {
  category: string;
  probability: number;
}

type Described = Pick<CategoryDocument, "title" | "text" | "authors" | "url">;

function termsOf(doc: Described, options: CategoryOptions): string[] {
  const terms = textTokens(`${doc.title} ${doc.title} ${doc.text}`);
  for (const a of doc.authors) {
    const key = authorKey(a);
    if (key) for (let i = 0; i < options.authorWeight; i++) terms.push(`@${key}`);
  }
  const host = hostOf(doc.url);
  if (host) terms.push(`#${host}`);
  return terms;
}

export function trainCategories(
  documents: readonly CategoryDocument[],
  options: Partial<CategoryOptions> = {},
): CategoryModel {
  const opts = { ...DEFAULT_CATEGORY_OPTIONS, ...options };
  const docs = documents.filter((d) => d.category.trim());
  const terms = docs.map((d) => termsOf(d, opts));
  const vocabulary = fitTfidf(terms, 2, 1);
  const sums = new Map<string, SparseVector>();
  docs.forEach((d, i) => {
    const name = d.category.trim();
    const sum = sums.get(name) ?? new Map<string, number>();
    const w = d.weight ?? 1;
    for (const [t, v] of tfidfVector(vocabulary, terms[i]!)) sum.set(t, (sum.get(t) ?? 0) + w * v);
    sums.set(name, sum);
  });
  const centroids = [...sums].map(([category, sum]) => {
    const norm = Math.sqrt([...sum.values()].reduce((a, v) => a + v * v, 0)) || 1;
    return { category, vector: new Map([...sum].map(([t, v]) => [t, v / norm])) };
  });
  return { options: opts, vocabulary, centroids };
}

/** Every category the model knows, most likely first, probabilities summing to 1. */
export function suggestCategories(
  model: CategoryModel,
  item: { title: string; text: string; authors?: readonly string[]; url?: string },
): CategorySuggestion[] {
  if (model.centroids.length === 0)
    throw new SummaError("input.invalid", "category suggestion: the model has no categories to learn from");
  const v = tfidfVector(model.vocabulary, termsOf({ authors: [], url: "", ...item }, model.options));
  const scores = model.centroids.map((c) => dot(v, c.vector) / model.options.temperature);
  const max = Math.max(...scores);
  const exp = scores.map((s) => Math.exp(s - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return model.centroids
    .map((c, i) => ({ category: c.category, probability: exp[i]! / sum }))
    .sort((a, b) => b.probability - a.probability || (a.category < b.category ? -1 : 1));
}
