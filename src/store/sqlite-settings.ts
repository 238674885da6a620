/** Settings shared by the SQLite connection and the bulk writer's worker connection. */

/** Every connection's settings (the bulk writer's too). */
export const PRAGMAS = [
  // WAL: readers never block the writer; NORMAL sync is durable across process crashes.
  "journal_mode = WAL",
  "synchronous = NORMAL",
  "foreign_keys = ON",
  "busy_timeout = 5000",
  "cache_size = -65536",
];

/** Prepared statements kept per connection (least recently used dropped first), and the SQL text
 * they may total: a 1,000-row INSERT is ~150 KB of SQL and a few MB prepared. */
export const STATEMENT_CACHE = { count: 64, chars: 1_000_000 };
