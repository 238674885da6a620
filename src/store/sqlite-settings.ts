/** Settings shared by the SQLite connection and the bulk writer's worker connection. */

/** Every connection's settings (the bulk writer's too). */
export const PRAGMAS = [
  // 16 KB pages for a new database (a no-op on an existing one, whose pages are set): entries
  // are long rows (a summary is ~1.2 KB) and the FTS5 index is large, so bigger pages mean fewer
  // overflow chains and b-tree levels. A 1M-row insert of entries + FTS5 took 123 s here with
  // 16 KB pages, 138 s with 8 KB, 151 s with 4 KB (the default) and 151 s with 64 KB.
  // Before journal_mode: a database in WAL mode keeps the page size it has.
  "page_size = 16384",
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
