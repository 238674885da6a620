import { PUBLIC_STATUSES, publicDay } from "../domain/publication.ts";
import type { SearchFilters } from "../store/index.ts";

export { PUBLIC_STATUSES } from "../domain/publication.ts";

/**
 * The public filters: the caller's, limited to what readers may see (domain/publication.ts):
 * published entries, and none of an issue dated after today (which readers cannot see yet).
 */
export function publicFilters(filters: SearchFilters, now = new Date()): SearchFilters {
  return { ...filters, statuses: [...PUBLIC_STATUSES], visibleOn: publicDay(now) };
}
