import { type StaffUser, teamMembers } from "../accounts/index.ts";
import type { Entry } from "../domain/entry.ts";
import { SummaError } from "../domain/errors.ts";
import { createEntry } from "../entries/index.ts";
import {
  candidateTitles,
  copiesOfCandidates,
  copiesSetAsideFor,
  countInboxByStatus,
  getEntriesByIds,
  getInboxCandidate,
  getInboxCandidates,
  type InboxCandidateRow,
  type InboxStatus,
  inboxSources,
  inTransaction,
  listInboxCandidates,
  openCopiesOf,
  queuedEntriesOf,
  type Store,
  updateInboxCandidate,
  wakeSnoozedCandidates,
} from "../store/index.ts";
import type { Candidate } from "./candidate.ts";
import type { CategorySuggestion } from "./category.ts";
import type { ScoreReason } from "./explain.ts";
import type { DuplicateOf } from "./matcher.ts";
import { candidateOfRow, retrainIfDue } from "./training.ts";

export const INBOX_STATUSES: readonly InboxStatus[] = [
  "new",
  "picked",
  "dismissed",
  "snoozed",
  "passed",
  "duplicate",
];

/** A candidate as the desk and the command line show it: the item (and its tags) with its triage. */
export interface InboxItem extends Candidate {
  id: number;
  source: string;
  externalId: string | null;
  hatTip: string;
  note: string;
  status: InboxStatus;
  snoozedUntil: string | null;
  /** Chance the editor picks it (null until a model could be trained). */
  score: number | null;
  /** What moved the score most. */
  reasons: ScoreReason[];
  /** Categories, most likely first. */
  suggestions: CategorySuggestion[];
  /**
   * An entry it already is ("already summarized in AN #34 as ..."), or the inbox candidate it
   * may repeat, its title near-identical ("duplicate of #N?"; with that one's title).
   */
  duplicateOf: DuplicateOf | null;
  /** Candidates marked as possible duplicates of this one. */
  copies: number[];
  /** Other sources that delivered this same item ("also from X"). */
  alsoFrom: string[];
  /** The entry it became, once picked. */
  entryId: number | null;
  decidedBy: string | null;
  decidedAt: string | null;
  /** Why looking its address up failed (a suggestion without a title), "code: message". */
  lookupError: string | null;
}

interface Related {
  entries: Map<number, Entry>;
  candidates: Map<number, { title: string }>;
  copies: Map<number, number[]>;
}

const titleOf = (c: { title: string } | undefined) => (c ? { title: c.title } : {});

function itemOf(row: InboxCandidateRow, related: Related): InboxItem {
  const dup = row.duplicate_entry_id === null ? undefined : related.entries.get(row.duplicate_entry_id);
  const copyOf = row.duplicate_candidate_id;
  return {
    id: row.id,
    source: row.source,
    externalId: row.external_id,
    ...candidateOfRow(row),
    hatTip: row.hat_tip,
    note: row.note,
    status: row.status,
    snoozedUntil: row.snoozed_until,
    score: row.score,
    reasons: JSON.parse(row.score_explain) as ScoreReason[],
    suggestions: JSON.parse(row.suggested_categories) as CategorySuggestion[],
    duplicateOf: dup
      ? { kind: "entry", id: dup.id, issue: dup.issueLabel, title: dup.title }
      : copyOf !== null
        ? { kind: "candidate", id: copyOf, ...titleOf(related.candidates.get(copyOf)) }
        : null,
    copies: related.copies.get(row.id) ?? [],
    alsoFrom: JSON.parse(row.also_from) as string[],
    entryId: row.entry_id,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    lookupError: row.lookup_error ?? null,
  };
}

async function itemsOf(store: Store, rows: InboxCandidateRow[]): Promise<InboxItem[]> {
  const ids = rows.flatMap((r) => (r.duplicate_entry_id === null ? [] : [r.duplicate_entry_id]));
  const copyOf = rows.flatMap((r) => (r.duplicate_candidate_id === null ? [] : [r.duplicate_candidate_id]));
  const related: Related = {
    entries: new Map((await getEntriesByIds(store.db, ids)).map((e) => [e.id, e])),
    candidates: await candidateTitles(store.db, copyOf),
    copies: await copiesOfCandidates(
      store.db,
      rows.map((r) => r.id),
    ),
  };
  return rows.map((r) => itemOf(r, related));
}

export interface InboxQuery {
  /** A status, or "all"; "new" (what is left to triage) when absent. */
  status?: string;
  source?: string;
  /** Published from / to, YYYY-MM-DD. */
  from?: string;
  to?: string;
  /** Only candidates with this category among their suggestions. */
  category?: string;
  limit?: number;
  offset?: number;
  /**
   * Only this candidate, whatever its status and the other filters: where a link to one
   * candidate ("duplicate of #N?") leads when its row is not on the page. Counts and sources
   * are still those of the other filters.
   */
  id?: number;
}

export interface InboxList {
  items: InboxItem[];
  /** Candidates the filters allow, before the limit. */
  total: number;
  /** Candidates of each status under the other filters (source, dates, category). */
  counts: Record<InboxStatus, number>;
  sources: string[];
  /** The filters as applied. */
  status: InboxStatus | "all";
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The inbox, best score first, after waking candidates whose snooze has ended. */
export async function listInbox(store: Store, query: InboxQuery, now: string): Promise<InboxList> {
  const status = (query.status ?? "").trim() || "new";
  if (status !== "all" && !(INBOX_STATUSES as readonly string[]).includes(status))
    throw new SummaError(
      "input.invalid",
      `inbox status: "${status}" is not one of ${[...INBOX_STATUSES, "all"].join(", ")}`,
      { field: "status" },
    );
  for (const [name, value] of [
    ["from", query.from],
    ["to", query.to],
  ] as const)
    if (value && !DAY.test(value))
      throw new SummaError("input.invalid", `inbox ${name}: "${value}" is not a day (YYYY-MM-DD)`, {
        field: name,
      });
  await wakeSnoozedCandidates(store.db, now);
  const where = {
    ...(query.source ? { source: query.source } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
  };
  const category = query.category?.trim().toLowerCase();
  // The category lives in JSON: with it, every status's rows are read to count them; without
  // it, the database counts and only the chosen status is read.
  const rows = await listInboxCandidates(store.db, {
    ...(status === "all" || category ? {} : { statuses: [status as InboxStatus] }),
    ...where,
  });
  const inCategory = category
    ? rows.filter((r) =>
        (JSON.parse(r.suggested_categories) as CategorySuggestion[]).some(
          (s) => s.category.toLowerCase() === category,
        ),
      )
    : rows;
  const counts = Object.fromEntries(INBOX_STATUSES.map((s) => [s, 0])) as Record<InboxStatus, number>;
  if (category) for (const r of inCategory) counts[r.status]++;
  else Object.assign(counts, await countInboxByStatus(store.db, where));
  const sources = await inboxSources(store.db);
  if (query.id !== undefined)
    return { items: [await getInboxItem(store, query.id)], total: 1, counts, sources, status: "all" };
  const matching = status === "all" ? inCategory : inCategory.filter((r) => r.status === status);
  const offset = Math.max(0, query.offset ?? 0);
  const page = matching.slice(
    offset,
    query.limit === undefined ? undefined : offset + Math.max(0, query.limit),
  );
  return {
    items: await itemsOf(store, page),
    total: matching.length,
    counts,
    sources,
    status: status as InboxStatus | "all",
  };
}

export async function getInboxItem(store: Store, id: number): Promise<InboxItem> {
  const row = Number.isSafeInteger(id) ? await getInboxCandidate(store.db, id) : undefined;
  if (!row) throw new SummaError("not_found", `There is no inbox candidate #${id}`);
  return (await itemsOf(store, [row]))[0]!;
}

/**
 * Only what is still to triage can be picked, dismissed or snoozed; and a candidate set aside as
 * a duplicate, should the editor find it was another item after all.
 */
function checkOpen(row: InboxCandidateRow): void {
  if (row.status !== "new" && row.status !== "snoozed" && row.status !== "duplicate")
    throw new SummaError("conflict", `Inbox candidate #${row.id} is already ${row.status}`, {
      id: row.id,
      status: row.status,
    });
}

async function openRow(store: Store, id: number): Promise<InboxCandidateRow> {
  const row = Number.isSafeInteger(id) ? await getInboxCandidate(store.db, id) : undefined;
  if (!row) throw new SummaError("not_found", `There is no inbox candidate #${id}`);
  checkOpen(row);
  return row;
}

/** "Shah, Rohin" -> "Rohin Shah": an entry's authors are separated by commas. */
export function displayName(author: string): string {
  const parts = author.split(",").map((p) => p.trim());
  return parts.length === 2 && parts[0] && parts[1]
    ? `${parts[1]} ${parts[0]}`
    : author.replace(/,/g, " ").trim();
}

/** The team member a candidate is handed to, by name (case-insensitive) or id. */
export async function findSummarizer(store: Store, who: string | number): Promise<StaffUser> {
  const members = (await teamMembers(store)).filter((m) => !m.disabled);
  const found =
    typeof who === "number"
      ? members.find((m) => m.id === who)
      : members.find((m) => m.name.trim().toLowerCase() === who.trim().toLowerCase());
  if (!found)
    throw new SummaError(
      "input.invalid",
      `summarizer: no enabled desk user is ${typeof who === "number" ? `#${who}` : `named "${who}"`}`,
      { field: "summarizer" },
    );
  return found;
}

/**
 * What follows a decision: retrainIfDue by default, awaited (the command line); the desk passes
 * InboxJobs.retrainSoon so the answer does not wait for a training (background.ts).
 */
export type AfterDecision = (now: string) => unknown;

export interface PickOptions {
  /** Who writes it: a team member (their draft, in their queue), or nobody yet. */
  summarizer?: StaffUser | null;
  /** The category; the top suggestion when absent. */
  category?: string;
  now: string;
  retrain?: AfterDecision;
}

/**
 * Picks a candidate: a draft entry prefilled with its title, authors, venue, year, URL, H/T
 * and category, owned by the summarizer it is handed to (it is then theirs to write and in
 * their queue), and the candidate marked picked with the entry's id, in one transaction.
 * Every inbox.retrain_every decisions, the models retrain (options.retrain).
 */
export async function pickCandidate(
  store: Store,
  editor: StaffUser,
  id: number,
  options: PickOptions,
): Promise<Entry> {
  const row = await openRow(store, id);
  const suggestions = JSON.parse(row.suggested_categories) as CategorySuggestion[];
  const category = options.category?.trim() || suggestions[0]?.category;
  if (!category)
    throw new SummaError("input.invalid", `Inbox candidate #${id}: choose a category (no suggestion yet)`, {
      field: "category",
    });
  const authors = (JSON.parse(row.authors) as string[]).map(displayName).filter(Boolean);
  const year = row.published?.slice(0, 4) ?? "";
  const summarizer = options.summarizer ?? null;
  const entry = await createEntry(
    store,
    editor,
    {
      title: row.title,
      authors: authors.join(", "),
      venue: row.venue,
      year,
      url: row.url,
      hatTip: row.hat_tip,
      category,
      summarizers: summarizer?.name ?? "",
    },
    {
      owner: summarizer,
      alsoInTransaction: async (tx, entryId) => {
        // Checked again inside the transaction: two editors picking at once make one entry.
        const now = await getInboxCandidate(tx.db, id);
        if (!now) throw new SummaError("not_found", `There is no inbox candidate #${id}`);
        checkOpen(now);
        await updateInboxCandidate(tx.db, id, {
          status: "picked",
          entry_id: entryId,
          snoozed_until: null,
          decided_by: editor.name,
          decided_at: options.now,
        });
        await setCopiesAside(tx.db, now, editor.name, options.now);
      },
    },
  );
  await (options.retrain ?? ((now) => retrainIfDue(store, now)))(options.now);
  return entry;
}

/**
 * Dismisses candidates (all must be open): the model learns they were passed over. Their
 * possible duplicates still open are set aside with them.
 */
export async function dismissCandidates(
  store: Store,
  editor: StaffUser,
  ids: readonly number[],
  now: string,
  options: { retrain?: AfterDecision } = {},
): Promise<number> {
  await decideAll(
    store,
    ids,
    { status: "dismissed", snoozed_until: null, decided_by: editor.name, decided_at: now },
    { copiesAsideBy: editor.name, at: now },
  );
  await (options.retrain ?? ((at) => retrainIfDue(store, at)))(now);
  return ids.length;
}

/** Puts candidates aside until a day: they come back as new then. Not a decision the model learns from. */
export async function snoozeCandidates(store: Store, ids: readonly number[], until: string): Promise<number> {
  if (!DAY.test(until) && Number.isNaN(Date.parse(until)))
    throw new SummaError("input.invalid", `snooze until: "${until}" is not a day (YYYY-MM-DD)`, {
      field: "until",
    });
  await decideAll(store, ids, { status: "snoozed", snoozed_until: until });
  return ids.length;
}

async function decideAll(
  store: Store,
  ids: readonly number[],
  set: Parameters<typeof updateInboxCandidate>[2],
  copies?: { copiesAsideBy: string; at: string },
): Promise<void> {
  if (ids.length === 0)
    throw new SummaError("input.invalid", "No inbox candidates were chosen", { field: "ids" });
  await inTransaction(store, async (tx) => {
    const rows = await getInboxCandidates(tx.db, ids);
    const found = new Set(rows.map((r) => r.id));
    const missing = ids.find((id) => !found.has(id));
    if (missing !== undefined) throw new SummaError("not_found", `There is no inbox candidate #${missing}`);
    for (const row of rows) checkOpen(row);
    for (const row of rows) await updateInboxCandidate(tx.db, row.id, set);
    // After every update, so a copy decided in the same call keeps its own decision.
    if (copies) for (const row of rows) await setCopiesAside(tx.db, row, copies.copiesAsideBy, copies.at);
  });
}

/**
 * When the editor picks or dismisses a candidate, its possible duplicates still to triage (those
 * marked as copies of it, and the one it is marked as a copy of) are set aside as "duplicate",
 * pointing at it, so the same item is not triaged twice. Not a decision the model learns from:
 * nobody judged them. The editor can still pick one that proves to be another item.
 */
async function setCopiesAside(
  db: Store["db"],
  decided: Pick<InboxCandidateRow, "id" | "duplicate_candidate_id">,
  by: string,
  at: string,
): Promise<void> {
  for (const copy of await openCopiesOf(db, decided))
    await updateInboxCandidate(db, copy.id, {
      status: "duplicate",
      duplicate_candidate_id: decided.id,
      snoozed_until: null,
      decided_by: by,
      decided_at: at,
    });
}

/** The candidates set aside as possible duplicates when this one was picked or dismissed. */
export function setAsideWith(store: Store, id: number): Promise<number[]> {
  return copiesSetAsideFor(store.db, id);
}

/** A summarizer's queue: drafts handed to them from the inbox. */
export function myQueue(store: Store, user: StaffUser) {
  return queuedEntriesOf(store.db, user.id);
}
