import { SummaError } from "../domain/errors.ts";
import { type CategoryModel, DEFAULT_CATEGORY_OPTIONS } from "./category.ts";
import { deserialiseRanker, type RankModel, serialiseRanker } from "./rank-model.ts";

/**
 * The inbox's trained models as one JSON text (the inbox_models row): the ranker (null until
 * there are decisions of both kinds to learn from) and the category suggester (null until some
 * entry has a category).
 */
export interface InboxModels {
  rank: RankModel | null;
  categories: CategoryModel | null;
}

const FORMAT = "summa-inbox-models";

export function serialiseInboxModels(models: InboxModels): string {
  return JSON.stringify({
    format: FORMAT,
    rank: models.rank ? serialiseRanker(models.rank) : null,
    categories: models.categories
      ? {
          options: models.categories.options,
          idf: models.categories.vocabulary.idf,
          centroids: models.categories.centroids.map((c) => ({
            category: c.category,
            vector: Object.fromEntries(c.vector),
          })),
        }
      : null,
  });
}

function malformed(problem: string): SummaError {
  return new SummaError("input.malformed", `stored inbox models: ${problem}`, { problem });
}

export function deserialiseInboxModels(text: string): InboxModels {
  let data: { format?: unknown; rank?: unknown; categories?: unknown };
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw malformed(`not JSON (${(err as Error).message})`);
  }
  if (!data || data.format !== FORMAT) throw malformed(`not a ${FORMAT}`);
  const rank = typeof data.rank === "string" ? deserialiseRanker(data.rank) : null;
  let categories: CategoryModel | null = null;
  const c = data.categories as
    | { options?: unknown; idf?: unknown; centroids?: { category: string; vector: Record<string, number> }[] }
    | null
    | undefined;
  if (c) {
    if (typeof c.idf !== "object" || !Array.isArray(c.centroids))
      throw malformed("categories are incomplete");
    categories = {
      options: { ...DEFAULT_CATEGORY_OPTIONS, ...(c.options as object) },
      vocabulary: { idf: c.idf as Record<string, number> },
      centroids: c.centroids.map((x) => ({
        category: String(x.category),
        vector: new Map(Object.entries(x.vector)),
      })),
    };
  }
  return { rank, categories };
}
