import type { Store } from "../store/index.ts";
import { lookupEntry } from "./lookup.ts";

/** An entry that an entry being written may repeat. */
export interface PossibleDuplicate {
  id: number;
  title: string;
  issueLabel: string;
  /** What matched: the same paper address, or the same (or a near-identical) title. */
  how: "url" | "title";
}

/** At most this many are named: the warning says "it is there", not "here is everything like it". */
const MAX_DUPLICATES = 5;

/**
 * The entries an entry with this URL and title would repeat, by the lookup rules (lookup.ts):
 * the same address as another entry's own URL (arXiv and DOI forms collapse), or the same
 * title, exactly or near-identically. A link inside another entry's summary is not a
 * duplicate, nor a title that merely starts alike. `exceptId`: the entry being edited.
 */
export async function possibleDuplicates(
  store: Store,
  input: { url?: string; title?: string },
  exceptId?: number,
): Promise<PossibleDuplicate[]> {
  const out = new Map<number, PossibleDuplicate>();
  const add = (entry: { id: number; title: string; issueLabel: string }, how: PossibleDuplicate["how"]) => {
    if (entry.id !== exceptId && !out.has(entry.id))
      out.set(entry.id, { id: entry.id, title: entry.title, issueLabel: entry.issueLabel, how });
  };
  const url = input.url?.trim() ?? "";
  if (url !== "")
    for (const m of await lookupEntry(store, url))
      if (m.how === "url" && m.via === "url") add(m.entry, "url");
  const title = input.title?.trim() ?? "";
  if (title !== "")
    for (const m of await lookupEntry(store, title))
      if (m.how === "title" || m.how === "similar-title") add(m.entry, "title");
  return [...out.values()].slice(0, MAX_DUPLICATES);
}
