/**
 * The measures of bench/inbox-rank.ts on one split: the ranker's AUC and precision at 50 on the
 * new candidates, and the category suggester's top-1 / top-3 on the positives.
 */
import {
  auc,
  type Candidate,
  type CategoryDocument,
  type CategoryOptions,
  dot,
  fitTfidf,
  precisionAt,
  type RankOptions,
  type SparseVector,
  scoreCandidate,
  suggestCategories,
  textTokens,
  tfidfVector,
  topKAccuracy,
  trainCategories,
  trainRanker,
} from "../../src/inbox/index.ts";
import { rowProvenance, type SheetRow, type Split } from "./inbox-split.ts";

export interface RankFigures {
  auc: number;
  precisionAt50: number;
  trainMs: number;
}

export function evaluateRanker(split: Split, options: Partial<RankOptions>): RankFigures {
  const started = performance.now();
  const model = trainRanker(
    { decisions: split.history, entries: split.unmatchedEntries.map(rowProvenance) },
    options,
  );
  const trainMs = performance.now() - started;
  const scores = split.candidates.map((c) => scoreCandidate(model, c.item, 0).probability);
  const labels = split.candidates.map((c) => c.picked);
  return { auc: auc(scores, labels), precisionAt50: precisionAt(50, scores, labels), trainMs };
}

/**
 * The ranker as the desk runs it: the editor decides the new candidates in the order they were
 * published, and the model retrains every `every` decisions (inbox.retrain_every), so each
 * candidate is scored by a model trained on the history plus every candidate decided before it.
 * A candidate's decision is its label (summarized after the database's last issue or not). Not
 * the issue's measure (a model trained once on the history): a second figure beside it.
 */
export function evaluateRankerAsDeployed(
  split: Split,
  options: Partial<RankOptions>,
  every: number,
): RankFigures & { trainings: number } {
  const started = performance.now();
  const ordered = [...split.candidates].sort((a, b) =>
    (a.item.published ?? "").localeCompare(b.item.published ?? ""),
  );
  const entries = split.unmatchedEntries.map(rowProvenance);
  const decided: { item: Candidate; picked: boolean }[] = [...split.history];
  const scores: number[] = [];
  const labels: boolean[] = [];
  let trainings = 0;
  for (let start = 0; start < ordered.length; start += every) {
    const model = trainRanker({ decisions: decided, entries }, options);
    trainings++;
    for (const c of ordered.slice(start, start + every)) {
      scores.push(scoreCandidate(model, c.item, 0).probability);
      labels.push(c.picked);
      decided.push({ item: c.item, picked: c.picked });
    }
  }
  return {
    auc: auc(scores, labels),
    precisionAt50: precisionAt(50, scores, labels),
    trainMs: (performance.now() - started) / trainings,
    trainings,
  };
}

export interface CategoryFigures {
  top1: number;
  top3: number;
  cases: number;
}

export interface CategoryTraining extends CategoryOptions {
  /** Weight of a row of issue n: recency ** (lastIssue - n), rows with no issue as the last. */
  recency: number;
  /** Learn from abstracts of picked history candidates too. */
  withPickedAbstracts: boolean;
}

function issueWeight(row: SheetRow, lastIssue: number, recency: number): number {
  return recency ** Math.max(0, lastIssue - (row.issue_number ?? lastIssue));
}

export function categoryDocuments(
  split: Split,
  recency: number,
  withPickedAbstracts: boolean,
): CategoryDocument[] {
  const lastIssue = Math.max(...split.database.map((r) => r.issue_number ?? 0));
  const docs: CategoryDocument[] = split.database.map((r) => ({
    category: r.category,
    title: r.title,
    text: r.summary,
    authors: rowProvenance(r).authors,
    url: r.url,
    weight: issueWeight(r, lastIssue, recency),
  }));
  if (withPickedAbstracts)
    for (const h of split.history)
      if (h.picked && h.category && h.item.abstract)
        docs.push({
          category: h.category,
          title: h.item.title,
          text: h.item.abstract,
          authors: h.item.authors,
          url: h.item.url,
        });
  return docs;
}

export function evaluateCategories(split: Split, options: Partial<CategoryTraining>): CategoryFigures {
  // Defaults: what the validation split chose (bench/inbox-rank.ts).
  const { recency = 0.99, withPickedAbstracts = true, ...centroid } = options;
  const model = trainCategories(categoryDocuments(split, recency, withPickedAbstracts), centroid);
  const positives = split.candidates.filter((c) => c.picked && c.category);
  const ranked = positives.map((c) =>
    suggestCategories(model, {
      title: c.item.title,
      text: c.item.abstract,
      authors: c.item.authors,
      url: c.item.url,
    }).map((s) => s.category),
  );
  const truth = positives.map((c) => c.category!);
  return { top1: topKAccuracy(1, ranked, truth), top3: topKAccuracy(3, ranked, truth), cases: truth.length };
}

/** The issue's "quick tf-idf model trained on the summaries": nearest category centroid by cosine. */
export function evaluateCategoryBaseline(split: Split): CategoryFigures {
  const docs = split.database.filter((r) => r.category.trim());
  const tokens = docs.map((r) => textTokens(`${r.title} ${r.summary}`));
  const vocabulary = fitTfidf(tokens, 2, 1);
  const centroids = new Map<string, SparseVector>();
  docs.forEach((r, i) => {
    const c = centroids.get(r.category) ?? new Map<string, number>();
    for (const [t, w] of tfidfVector(vocabulary, tokens[i]!)) c.set(t, (c.get(t) ?? 0) + w);
    centroids.set(r.category, c);
  });
  for (const c of centroids.values()) {
    const norm = Math.sqrt([...c.values()].reduce((a, w) => a + w * w, 0));
    for (const [t, w] of c) c.set(t, w / norm);
  }
  const positives = split.candidates.filter((c) => c.picked && c.category);
  const ranked = positives.map((c) => {
    const v = tfidfVector(vocabulary, textTokens(`${c.item.title} ${c.item.abstract}`));
    return [...centroids]
      .map(([name, centroid]) => ({ name, s: dot(v, centroid) }))
      .sort((a, b) => b.s - a.s)
      .map((x) => x.name);
  });
  const truth = positives.map((c) => c.category!);
  return { top1: topKAccuracy(1, ranked, truth), top3: topKAccuracy(3, ranked, truth), cases: truth.length };
}
