/**
 * The candidate inbox: its models, pure (what the editor picks, rank-model.ts; where an item
 * goes, category.ts; their measures, metrics.ts), and the service over the store: intake with
 * deduplication (intake.ts, matcher.ts), training and scoring (training.ts), triage and hand-off
 * to a summarizer (triage.ts), the public suggest-a-paper form (suggest.ts), and the sources
 * (./sources: parsers, pure; ./fetching: polite clients and their state) joined to the intake
 * (from-sources.ts); the work a request triggers but does not wait for (background.ts: retraining,
 * looking a suggestion up, look-up.ts).
 */
export * from "./background.ts";
export * from "./candidate.ts";
export * from "./category.ts";
export * from "./explain.ts";
export * from "./features.ts";
export * from "./fetch-runs.ts";
export * from "./fetch-schedule.ts";
export * from "./from-sources.ts";
export * from "./history.ts";
export * from "./intake.ts";
export * from "./logistic.ts";
export * from "./look-up.ts";
export * from "./matcher.ts";
export * from "./metrics.ts";
export * from "./model-json.ts";
export * from "./rank-model.ts";
export * from "./stumps.ts";
export * from "./suggest.ts";
export * from "./tfidf.ts";
export * from "./tokens.ts";
export * from "./train-in-worker.ts";
export * from "./train-models.ts";
export * from "./training.ts";
export * from "./triage.ts";
