import { titleKey } from "../domain/keys.ts";
import { urlKey } from "../domain/url-key.ts";
import {
  POSSIBLY_SAME_THRESHOLD,
  SAME_ITEM_THRESHOLD,
  sameItemScore,
  titleStems,
} from "../entries/same-item.ts";
import { entriesForInbox, findLinkedEntries, inboxCandidateKeys, type Store } from "../store/index.ts";

/** What an incoming item turned out to be: an entry already in the database, or a candidate already in the inbox. */
export type DuplicateOf =
  | { kind: "entry"; id: number; issue: string; title: string }
  | { kind: "candidate"; id: number; title?: string };

interface Known {
  id: number;
  title: string;
  stems: string[];
}

/**
 * Titles that can be the same item: only those sharing most content stems can reach
 * isSameItem's threshold (a Jaccard of 0.944), or even the possible-duplicate band's 0.8, so a
 * stem index narrows a few thousand titles to a handful before the exact test.
 */
class TitleIndex {
  private readonly byKey = new Map<string, number[]>();
  private readonly byStem = new Map<string, Known[]>();

  add(id: number, title: string): void {
    const key = titleKey(title);
    this.byKey.set(key, [...(this.byKey.get(key) ?? []), id]);
    const known = { id, title, stems: titleStems(title) };
    for (const s of new Set(known.stems)) {
      const list = this.byStem.get(s);
      if (list) list.push(known);
      else this.byStem.set(s, [known]);
    }
  }

  /** Ids whose titles score in [from, to) against this one (an exact key counts as 1), oldest first. */
  find(title: string, from = SAME_ITEM_THRESHOLD, to = Number.POSITIVE_INFINITY): number[] {
    const exact = this.byKey.get(titleKey(title));
    if (to > 1 && exact?.length) return exact;
    const mine = new Set(titleStems(title));
    const shared = new Map<Known, number>();
    for (const s of mine) for (const k of this.byStem.get(s) ?? []) shared.set(k, (shared.get(k) ?? 0) + 1);
    const out: number[] = [];
    for (const [k, n] of shared) {
      if (n < 0.6 * Math.max(mine.size, new Set(k.stems).size)) continue;
      const score = sameItemScore(title, k.title);
      if (score >= from && score < to) out.push(k.id);
    }
    return out.sort((a, b) => a - b);
  }
}

/**
 * Finds an item in the database and in the inbox. URLs first, by urlKey (an arXiv id without
 * its version, a DOI, a forum post id): against entries' own links and the links inside their
 * summaries, opinions and read-mores (entry_links), and against the inbox's; then titles, exact
 * after normalising, or near-identical by isSameItem. Built once per intake: it holds every
 * entry's and candidate's title, and learns each item intake adds, so a batch deduplicates
 * against itself too.
 */
export class DuplicateFinder {
  private readonly entryTitles = new TitleIndex();
  private readonly entries = new Map<number, { issue: string; title: string }>();
  private readonly candidateTitles = new TitleIndex();
  private readonly candidateUrls = new Map<string, number>();
  private readonly external = new Map<string, number>();
  private readonly sources = new Map<number, Set<string>>();

  private constructor(private readonly store: Store) {}

  static async load(store: Store): Promise<DuplicateFinder> {
    const finder = new DuplicateFinder(store);
    for (const e of await entriesForInbox(store.db)) {
      finder.entries.set(e.id, { issue: e.issue_label, title: e.title });
      finder.entryTitles.add(e.id, e.title);
    }
    for (const c of await inboxCandidateKeys(store.db))
      finder.remember(c.id, {
        source: c.source,
        externalId: c.external_id,
        title: c.title,
        urlKey: c.url_key,
        alsoFrom: JSON.parse(c.also_from) as string[],
      });
    return finder;
  }

  remember(
    id: number,
    item: {
      source: string;
      externalId: string | null;
      title: string;
      urlKey: string | null;
      alsoFrom?: readonly string[];
    },
  ) {
    this.sources.set(id, new Set([item.source, ...(item.alsoFrom ?? [])]));
    if (item.externalId !== null) this.external.set(`${item.source}\u0000${item.externalId}`, id);
    if (item.urlKey && !this.candidateUrls.has(item.urlKey)) this.candidateUrls.set(item.urlKey, id);
    this.candidateTitles.add(id, item.title);
  }

  /** The candidate already in the inbox that this item is, if any. */
  inInbox(source: string, item: { externalId: string | null; title: string; url: string }): number | null {
    if (item.externalId !== null) {
      const same = this.external.get(`${source}\u0000${item.externalId}`);
      if (same !== undefined) return same;
    }
    const key = item.url ? urlKey(item.url) : null;
    if (key && this.candidateUrls.has(key)) return this.candidateUrls.get(key)!;
    return this.candidateTitles.find(item.title)[0] ?? null;
  }

  /**
   * Records that `source` delivered candidate `id` too; true when that is news (the candidate
   * came from other sources only), so intake writes it once.
   */
  alsoFrom(id: number, source: string): boolean {
    const known = this.sources.get(id) ?? new Set<string>();
    this.sources.set(id, known);
    if (known.has(source)) return false;
    known.add(source);
    return true;
  }

  /**
   * The first candidate whose title is near-identical to this one without being surely the same
   * item (POSSIBLY_SAME_THRESHOLD up to the same-item threshold), if any: "duplicate of #N?".
   */
  possiblyInInbox(title: string): number | null {
    return this.candidateTitles.find(title, POSSIBLY_SAME_THRESHOLD, SAME_ITEM_THRESHOLD)[0] ?? null;
  }

  /** The summarized entry this item is, if any: its own link first, then links in texts, then titles. */
  async inDatabase(item: { title: string; url: string }): Promise<DuplicateOf | null> {
    const key = item.url ? urlKey(item.url) : null;
    let id: number | undefined;
    if (key) id = (await findLinkedEntries(this.store.db, key))[0]?.entryId;
    id ??= this.entryTitles.find(item.title)[0];
    if (id === undefined) return null;
    const e = this.entries.get(id);
    return e ? { kind: "entry", id, issue: e.issue, title: e.title } : null;
  }
}
