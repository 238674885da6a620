import type { StoreDialect } from "./dialect.ts";
import { TsvectorSearchIndex } from "./search/tsvector.ts";

/** PostgreSQL's capabilities; the driver (pg) is loaded only when a store opens one. */
export const postgresDialect: StoreDialect = {
  kind: "postgres",
  serialType: "serial",
  needsAutoIncrement: false,
  skipLocked: true,
  maxParameters: 60_000,
  createSearchIndex: (db) => new TsvectorSearchIndex(db),
};
