import { categoryKey } from "../domain/taxonomy.ts";
import {
  countInboxDecisionsSince,
  decidedInboxCandidates,
  entriesForInbox,
  getSettings,
  getTaxonomy,
  type InboxCandidateRow,
  insertInboxModel,
  latestInboxModel,
  listInboxCandidates,
  type Store,
  setInboxScore,
} from "../store/index.ts";
import { type Candidate, splitAuthors } from "./candidate.ts";
import { type CategoryDocument, suggestCategories } from "./category.ts";
import { reasonsOf } from "./explain.ts";
import type { Provenance } from "./history.ts";
import { deserialiseInboxModels, type InboxModels, serialiseInboxModels } from "./model-json.ts";
import { scoreCandidate } from "./rank-model.ts";
import { type TrainingData, trainModels } from "./train-models.ts";

/** A stored candidate as the models see it. */
export function candidateOfRow(row: InboxCandidateRow): Candidate {
  return {
    title: row.title,
    abstract: row.abstract,
    authors: JSON.parse(row.authors) as string[],
    venue: row.venue,
    itemType: row.item_type,
    url: row.url,
    published: row.published,
    tags: JSON.parse(row.tags) as string[],
  };
}

export interface TrainingReport {
  id: number;
  trainedAt: string;
  /** Decided candidates learned from (picked, passed over, dismissed). */
  decisions: number;
  positives: number;
  /** Summarized entries counted as picks beside them. */
  entries: number;
  /** Whether a ranker could be trained (it needs picks and passes both). */
  ranked: boolean;
  categories: number;
  /** Candidates scored with the new model. */
  scored: number;
  ms: number;
}

/**
 * Trains the inbox's models from what the editor did: the ranker on decided candidates
 * (picked: positive; passed over and dismissed: negative; an item shown as already summarized
 * is no example) with the summarized entries as picks for the authors', venues' and sites'
 * record; the category suggester on the entries' title and summary under their category and on
 * picked candidates' abstracts under the category their entry has. Stores the models as a new
 * inbox_models row and rescores every open candidate. The models themselves are computed by
 * `options.train` (trainModels in this thread by default; the web's background jobs pass
 * trainInWorker), from plain data (train-models.ts).
 */
export async function trainInbox(
  store: Store,
  now: string,
  options: { train?: ModelTrainer } = {},
): Promise<TrainingReport> {
  const started = performance.now();
  const [decided, entries] = await Promise.all([decidedInboxCandidates(store.db), entriesForInbox(store.db)]);
  const examples = decided.filter((c) => c.duplicate_entry_id === null);
  const decisions = examples.map((c) => ({ item: candidateOfRow(c), picked: c.status === "picked" }));
  const pickedEntries = new Set(examples.flatMap((c) => (c.entry_id === null ? [] : [c.entry_id])));
  const provenance: Provenance[] = entries
    .filter((e) => !pickedEntries.has(e.id))
    .map((e) => ({ authors: splitAuthors(e.authors), venue: e.venue, url: e.url }));
  const positives = decisions.filter((d) => d.picked).length;
  const categoryOf = new Map(entries.map((e) => [e.id, e.category]));
  // Only the taxonomy's categories are suggested (in its spelling): a pick files an entry under
  // one, and old entries may carry a category the taxonomy has since dropped.
  const taxonomy = new Map(
    (await getTaxonomy(store.db)).flatMap((s) => s.categories.map((c) => [categoryKey(c), c] as const)),
  );
  const documents: CategoryDocument[] = [
    ...entries.map((e) => ({
      category: e.category,
      title: e.title,
      text: e.summary,
      authors: splitAuthors(e.authors),
      url: e.url,
    })),
    ...examples.flatMap((c) => {
      const category = c.entry_id === null ? undefined : categoryOf.get(c.entry_id);
      return category && c.abstract
        ? [
            {
              category,
              title: c.title,
              text: c.abstract,
              authors: JSON.parse(c.authors) as string[],
              url: c.url,
            },
          ]
        : [];
    }),
  ];
  const known = documents.flatMap((d) => {
    const category = taxonomy.get(categoryKey(d.category));
    return category ? [{ ...d, category }] : [];
  });
  const data: TrainingData = { decisions, provenance, documents: known };
  const models = await (options.train ?? (async (d: TrainingData) => trainModels(d)))(data);
  const id = await insertInboxModel(store.db, {
    model: serialiseInboxModels(models),
    trained_at: now,
    decisions: decisions.length,
    positives,
  });
  const scored = await scoreOpen(store, models, "all");
  return {
    id,
    trainedAt: now,
    decisions: decisions.length,
    positives,
    entries: provenance.length,
    ranked: models.rank !== null,
    categories: models.categories?.centroids.length ?? 0,
    scored,
    ms: Math.round(performance.now() - started),
  };
}

/** Where the models are computed: in this thread by default, or a worker's (train-in-worker.ts). */
export type ModelTrainer = (data: TrainingData) => Promise<InboxModels>;

/** How many of its top contributions a score keeps, and how many categories it suggests. */
const EXPLAIN = 5;
const SUGGEST = 5;

/** Scores open candidates (new and snoozed): all of them, or those not scored yet. */
async function scoreOpen(store: Store, models: InboxModels, which: "all" | "unscored"): Promise<number> {
  const open = await listInboxCandidates(store.db, { statuses: ["new", "snoozed"] });
  let n = 0;
  for (const row of open) {
    if (which === "unscored" && row.score !== null) continue;
    const item = candidateOfRow(row);
    const score = models.rank ? scoreCandidate(models.rank, item, EXPLAIN) : null;
    const suggested = models.categories
      ? suggestCategories(models.categories, {
          title: item.title,
          text: item.abstract,
          authors: item.authors,
          url: item.url,
        })
          .slice(0, SUGGEST)
          .map((s) => ({ category: s.category, probability: Math.round(s.probability * 1000) / 1000 }))
      : [];
    await setInboxScore(store.db, row.id, {
      score: score ? Math.round(score.probability * 10_000) / 10_000 : null,
      explain: JSON.stringify(score ? reasonsOf(score.why) : []),
      categories: JSON.stringify(suggested),
    });
    n++;
  }
  return n;
}

export async function latestModels(
  store: Store,
): Promise<{ models: InboxModels; trainedAt: string; id: number } | null> {
  const row = await latestInboxModel(store.db);
  return row ? { models: deserialiseInboxModels(row.model), trainedAt: row.trained_at, id: row.id } : null;
}

/**
 * After an intake: a history import (or a first intake, with no model yet) trains; otherwise the
 * new candidates are scored with the latest model.
 */
export async function scoreNewCandidates(
  store: Store,
  options: { retrain: boolean; now: string },
): Promise<void> {
  const latest = options.retrain ? null : await latestModels(store);
  if (!latest) {
    await trainInbox(store, options.now);
    return;
  }
  await scoreOpen(store, latest.models, "unscored");
}

/** The retraining interval (inbox.retrain_every): desk decisions between two trainings. */
export async function retrainEvery(store: Store): Promise<number> {
  const value = Number((await getSettings(store.db))["inbox.retrain_every"]);
  return Number.isInteger(value) && value > 0 ? value : 25;
}

/** Retrains when inbox.retrain_every picks and dismissals were made since the last training. */
export async function retrainIfDue(
  store: Store,
  now: string,
  options: { train?: ModelTrainer } = {},
): Promise<TrainingReport | null> {
  const latest = await latestInboxModel(store.db);
  const since = await countInboxDecisionsSince(store.db, latest?.trained_at ?? null);
  return since >= (await retrainEvery(store)) ? trainInbox(store, now, options) : null;
}
