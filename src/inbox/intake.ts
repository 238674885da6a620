import { SummaError } from "../domain/errors.ts";
import { titleKey } from "../domain/keys.ts";
import { urlKey } from "../domain/url-key.ts";
import {
  getInboxCandidate,
  insertInboxCandidate,
  inTransaction,
  type Store,
  updateInboxCandidate,
} from "../store/index.ts";
import type { IncomingCandidate } from "./candidate.ts";
import { DuplicateFinder, type DuplicateOf } from "./matcher.ts";
import { scoreNewCandidates } from "./training.ts";

export interface IntakeOptions {
  /** Where the items came from: "arxiv:cs.AI", "zotero", "suggestion"... */
  source: string;
  /**
   * A past bibliography: items that match a summarized entry count as picked, the rest as
   * passed over. They train the model and never show in the inbox.
   */
  history?: boolean;
  /** ISO time of the intake (created_at; decided_at of history items). */
  now: string;
  /** Also text a suggester wrote beside each item (the suggest form), by index. */
  notes?: readonly string[];
}

export interface IntakeReport {
  /** Candidates stored (history items included). */
  added: number;
  /** Items already there: not stored again, or (an entry) stored with the notice. */
  duplicates: { title: string; of: DuplicateOf }[];
  /** Items the inbox already held (by source id, URL or title): not stored again. */
  repeated: number;
  /** Of the repeated: items another source had brought, this source now named on that candidate. */
  alsoFrom: number;
  /** Of the added: near-identical to a candidate without being surely it, stored as its possible duplicate. */
  possibleDuplicates: number;
  /** Of the added: stored beside an entry they match, "already summarized". */
  alreadySummarized: number;
  /** History only: items that matched an entry (picked) and those that did not (passed over). */
  picked: number;
  passed: number;
  /** Items refused, with why (an empty title): the rest are still taken. */
  skipped: { index: number; reason: string }[];
  /** Ids of the candidates stored, in order. */
  ids: number[];
}

/** Longest title and abstract kept: a feed's item, not a book. */
export const MAX_TITLE = 1000;
export const MAX_ABSTRACT = 20_000;
const MAX_SOURCE = 100;

function problemOf(item: IncomingCandidate): string | null {
  if (!item.title.trim()) return "the title is empty";
  if (item.title.length > MAX_TITLE) return `the title is longer than ${MAX_TITLE} characters`;
  if (/(?![\t\n\r])\p{Cc}/u.test(item.title)) return "the title contains control characters";
  return null;
}

/** Text as the inbox keeps it: without control characters (tabs and line breaks stay), trimmed. */
export const cleanInboxText = (text: string) => text.replace(/(?![\t\n\r])\p{Cc}/gu, "").trim();

/**
 * Takes items from a source into the inbox in one transaction (all or none): each is matched
 * against the database and the inbox first (matcher.ts). An item the inbox already holds is
 * not stored again (a suggestion's hat tip still reaches the candidate that had none, and a
 * source that had not brought it is added to its also_from: "also from X"); an item whose title
 * is near-identical to a candidate's without surely being it is stored with
 * duplicate_candidate_id, the first one's id ("duplicate of #N?"); an item
 * already summarized is stored with duplicate_entry_id, so the desk shows "already summarized
 * in AN #34 as ..." beside it and the editor sees it came round again (a new version may be
 * worth a note), but it is never a training example. With `history`, matched items are picked
 * (entry_id: the entry they became) and the rest passed over. New candidates are then scored
 * with the latest model (a history import retrains it first).
 */
export async function addCandidates(
  store: Store,
  incoming: readonly IncomingCandidate[],
  options: IntakeOptions,
): Promise<IntakeReport> {
  const source = options.source.trim();
  if (!source || source.length > MAX_SOURCE)
    throw new SummaError(
      "input.invalid",
      `inbox source: a name of 1-${MAX_SOURCE} characters, not "${source}"`,
    );
  const report = await inTransaction(store, async (tx) => {
    const finder = await DuplicateFinder.load(tx);
    const out: IntakeReport = {
      added: 0,
      duplicates: [],
      repeated: 0,
      alsoFrom: 0,
      possibleDuplicates: 0,
      alreadySummarized: 0,
      picked: 0,
      passed: 0,
      skipped: [],
      ids: [],
    };
    for (const [index, item] of incoming.entries()) {
      const problem = problemOf(item);
      if (problem) {
        out.skipped.push({ index, reason: `item ${index + 1}: ${problem}` });
        continue;
      }
      const title = cleanInboxText(item.title).replace(/\s+/g, " ");
      const externalId = item.externalId?.trim() || null;
      const inInbox = finder.inInbox(source, { externalId, title, url: item.url });
      const entry = await finder.inDatabase({ title, url: item.url });
      if (inInbox !== null) {
        // Not stored again; reported as the entry when it is one (the more useful answer).
        out.duplicates.push({ title, of: entry ?? { kind: "candidate", id: inInbox } });
        out.repeated++;
        const hatTip = item.hatTip?.trim();
        // The same item from a second source: the editor sees "also from" it on the first copy.
        const newSource = !options.history && finder.alsoFrom(inInbox, source);
        if ((hatTip || newSource) && (await recordRepeat(tx.db, inInbox, newSource ? source : null, hatTip)))
          out.alsoFrom++;
        continue;
      }
      if (entry && !options.history) out.duplicates.push({ title, of: entry });
      const key = item.url ? urlKey(item.url) : null;
      // Near-identical to a candidate but not surely it: kept, pointing at the first, so the
      // editor judges; deciding either sets the other aside (triage.ts).
      const copyOf = options.history ? null : finder.possiblyInInbox(title);
      const status = options.history ? (entry ? "picked" : "passed") : "new";
      const id = await insertInboxCandidate(tx.db, {
        source,
        external_id: externalId,
        title,
        abstract: cleanInboxText(item.abstract).slice(0, MAX_ABSTRACT),
        authors: JSON.stringify(item.authors.map(cleanInboxText).filter(Boolean)),
        venue: cleanInboxText(item.venue),
        item_type: cleanInboxText(item.itemType),
        url: item.url.trim(),
        url_key: key,
        title_key: titleKey(title),
        published: item.published,
        tags: JSON.stringify(item.tags),
        hat_tip: cleanInboxText(item.hatTip ?? ""),
        note: cleanInboxText(options.notes?.[index] ?? ""),
        status,
        duplicate_entry_id: entry && !options.history ? entry.id : null,
        duplicate_candidate_id: copyOf,
        entry_id: entry && options.history ? entry.id : null,
        decided_by: options.history ? "history import" : null,
        decided_at: options.history ? options.now : null,
        created_at: options.now,
      });
      finder.remember(id, { source, externalId, title, urlKey: key });
      out.ids.push(id);
      out.added++;
      if (entry && !options.history) out.alreadySummarized++;
      if (copyOf !== null) out.possibleDuplicates++;
      if (options.history) {
        if (entry) out.picked++;
        else out.passed++;
      }
    }
    return out;
  });
  if (report.added > 0)
    await scoreNewCandidates(store, { retrain: Boolean(options.history), now: options.now });
  return report;
}

/**
 * What a repeated item adds to the candidate the inbox holds: its source among also_from, and a
 * hat tip when the candidate had none. Whether the source was recorded.
 */
async function recordRepeat(
  db: Store["db"],
  id: number,
  source: string | null,
  hatTip: string | undefined,
): Promise<boolean> {
  const earlier = await getInboxCandidate(db, id);
  if (!earlier) return false;
  const alsoFrom = JSON.parse(earlier.also_from) as string[];
  const addSource = source !== null && source !== earlier.source && !alsoFrom.includes(source);
  const set = {
    ...(hatTip && !earlier.hat_tip ? { hat_tip: cleanInboxText(hatTip) } : {}),
    ...(addSource ? { also_from: JSON.stringify([...alsoFrom, source]) } : {}),
  };
  if (Object.keys(set).length) await updateInboxCandidate(db, id, set);
  return addSource;
}
