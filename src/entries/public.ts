import type { EntryStatus } from "../domain/entry.ts";
import type { SearchFilters } from "../store/index.ts";

/** Only published entries are public: every read for readers goes through these. */
export const PUBLIC_STATUSES: readonly EntryStatus[] = ["published"];

/** The public filters: the caller's, limited to published entries. */
export function publicFilters(filters: SearchFilters): SearchFilters {
  return { ...filters, statuses: [...PUBLIC_STATUSES] };
}
