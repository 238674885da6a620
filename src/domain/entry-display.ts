import type { Entry } from "./entry.ts";

/**
 * How AN credited people, as pure functions of an entry and the newsletter's editor.
 *   authors:    one name as is; more than one as "First Author et al" (an entry may override)
 *   summarizer: "(summarized by X)", left out when X is the editor or nobody
 *   opinion:    "X's opinion:", X the summarizer, the editor when there is none
 */
export function displayAuthors(entry: Pick<Entry, "authors"> & { authorsDisplay?: string }): string {
  if (entry.authorsDisplay?.trim()) return entry.authorsDisplay.trim();
  const [first, ...rest] = entry.authors;
  if (!first) return "";
  return rest.length ? `${first.name} et al` : first.name;
}

/** "Rohin and Robert" for joint credit. */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** The name in "(summarized by X)", or null when the line is left out. */
export function summarizedBy(summarizers: readonly string[], editor: string): string | null {
  if (summarizers.length === 0) return null;
  if (summarizers.length === 1 && sameName(summarizers[0]!, editor)) return null;
  return joinNames(summarizers);
}

/** Whose opinion it is: the summarizers, else the editor. */
export function opinionAuthor(summarizers: readonly string[], editor: string): string {
  return summarizers.length ? joinNames(summarizers) : editor;
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
