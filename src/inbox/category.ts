import { SummaError } from "../domain/errors.ts";
import { authorKey, hostOf } from "./candidate.ts";
import { textTokens } from "./tokens.ts";

/**
 * Which of the taxonomy's categories an item belongs in, ranked with probabilities: a
 * multinomial naive Bayes over the words of its title and text, plus its authors and site as
 * extra "words" (an author tends to stay in one category: amplification, agent foundations),
 * learned from the entries (title and summary) and from abstracts of picked candidates.
 * A later document can count more (`weight`): the taxonomy's use drifts, and what the editor
 * filed last year says more about next week than what he filed three years ago.
 */
export interface CategoryDocument {
  category: string;
  title: string;
  text: string;
  authors: readonly string[];
  url: string;
  /** How much this document counts (1 by default). */
  weight?: number;
}

export interface CategoryOptions {
  /** Additive smoothing of word counts. */
  alpha: number;
  /** How many word occurrences an author or site counts as. */
  authorWeight: number;
  hostWeight: number;
  /** Log-likelihoods are divided by this before the softmax (NB is overconfident). */
  temperature: number;
}

export const DEFAULT_CATEGORY_OPTIONS: CategoryOptions = {
  alpha: 0.1,
  authorWeight: 3,
  hostWeight: 1,
  temperature: 10,
};

export interface CategoryModel {
  options: CategoryOptions;
  categories: string[];
  /** Per category: log prior. */
  logPrior: number[];
  /** Per category: token -> weighted count; and the total. */
  counts: Record<string, number>[];
  totals: number[];
  vocabularySize: number;
}

export interface CategorySuggestion {
  category: string;
  probability: number;
}

/** An item's tokens with their weights: words, then `@author`, then `#host`. */
function tokensOf(
  doc: Pick<CategoryDocument, "title" | "text" | "authors" | "url">,
  options: CategoryOptions,
): Map<string, number> {
  const out = new Map<string, number>();
  const add = (t: string, w: number) => out.set(t, (out.get(t) ?? 0) + w);
  for (const t of textTokens(`${doc.title} ${doc.title} ${doc.text}`)) add(t, 1);
  if (options.authorWeight > 0)
    for (const a of doc.authors) {
      const key = authorKey(a);
      if (key) add(`@${key}`, options.authorWeight);
    }
  const host = hostOf(doc.url);
  if (host && options.hostWeight > 0) add(`#${host}`, options.hostWeight);
  return out;
}

export function trainCategories(
  documents: readonly CategoryDocument[],
  options: Partial<CategoryOptions> = {},
): CategoryModel {
  const opts = { ...DEFAULT_CATEGORY_OPTIONS, ...options };
  const index = new Map<string, number>();
  const counts: Record<string, number>[] = [];
  const totals: number[] = [];
  const docWeights: number[] = [];
  const vocabulary = new Set<string>();
  for (const doc of documents) {
    const name = doc.category.trim();
    if (!name) continue;
    let c = index.get(name);
    if (c === undefined) {
      c = index.size;
      index.set(name, c);
      counts.push(Object.create(null));
      totals.push(0);
      docWeights.push(0);
    }
    const w = doc.weight ?? 1;
    docWeights[c]! += w;
    for (const [t, n] of tokensOf(doc, opts)) {
      counts[c]![t] = (counts[c]![t] ?? 0) + n * w;
      totals[c]! += n * w;
      vocabulary.add(t);
    }
  }
  const all = docWeights.reduce((a, b) => a + b, 0);
  return {
    options: opts,
    categories: [...index.keys()],
    logPrior: docWeights.map((w) => Math.log(w / all)),
    counts,
    totals,
    vocabularySize: vocabulary.size,
  };
}

/** Every category the model knows, most likely first, probabilities summing to 1. */
export function suggestCategories(
  model: CategoryModel,
  item: { title: string; text: string; authors?: readonly string[]; url?: string },
): CategorySuggestion[] {
  if (model.categories.length === 0)
    throw new SummaError("input.invalid", "category suggestion: the model has no categories to learn from");
  const tokens = tokensOf({ authors: [], url: "", ...item }, model.options);
  const { alpha } = model.options;
  const v = model.vocabularySize + 1;
  // A token no category has seen says nothing about which one it is.
  const known = (t: string) => model.counts.some((counts) => counts[t] !== undefined);
  const scores = model.categories.map((_, c) => {
    let s = model.logPrior[c]!;
    const denominator = Math.log(model.totals[c]! + alpha * v);
    for (const [t, n] of tokens)
      if (known(t)) s += n * (Math.log((model.counts[c]![t] ?? 0) + alpha) - denominator);
    return s / model.options.temperature;
  });
  const max = Math.max(...scores);
  const exp = scores.map((s) => Math.exp(s - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return model.categories
    .map((category, c) => ({ category, probability: exp[c]! / sum }))
    .sort((a, b) => b.probability - a.probability || (a.category < b.category ? -1 : 1));
}
