import { PUBLIC_STATUSES } from "../domain/publication.ts";
import type { SearchFilters } from "../store/index.ts";

export { PUBLIC_STATUSES } from "../domain/publication.ts";

/** The public filters: the caller's, limited to what readers may see (domain/publication.ts). */
export function publicFilters(filters: SearchFilters): SearchFilters {
  return { ...filters, statuses: [...PUBLIC_STATUSES] };
}
