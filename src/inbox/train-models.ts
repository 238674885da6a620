import { type CategoryDocument, trainCategories } from "./category.ts";
import type { Provenance } from "./history.ts";
import type { InboxModels } from "./model-json.ts";
import { type RankHistory, trainRanker } from "./rank-model.ts";

/**
 * What the inbox's models learn from, as plain data (a worker thread can be handed it): the
 * decided candidates, the summarized entries' provenance, and the category documents (already
 * limited to the taxonomy's categories).
 */
export interface TrainingData {
  decisions: RankHistory["decisions"];
  provenance: Provenance[];
  documents: CategoryDocument[];
}

/**
 * The models, from the data alone (pure, CPU-bound: seconds on the real data). The ranker
 * needs picks and passes both; the category suggester some document.
 */
export function trainModels(data: TrainingData): InboxModels {
  const positives = data.decisions.filter((d) => d.picked).length;
  const ranked = positives > 0 && positives < data.decisions.length;
  return {
    rank: ranked ? trainRanker({ decisions: data.decisions, entries: data.provenance }) : null,
    categories: data.documents.length ? trainCategories(data.documents) : null,
  };
}
