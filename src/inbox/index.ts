/**
 * The candidate inbox's models: what the editor picks (rank-model.ts) and where an item goes
 * (category.ts), with their measures (metrics.ts). Pure: no store, no I/O.
 */
export * from "./candidate.ts";
export * from "./category.ts";
export * from "./features.ts";
export * from "./history.ts";
export * from "./logistic.ts";
export * from "./metrics.ts";
export * from "./rank-model.ts";
export * from "./tfidf.ts";
export * from "./tokens.ts";
