import type { StaffUser } from "../accounts/index.ts";
import { can } from "../accounts/index.ts";
import { ENTRY_STATUSES, type EntryStatus } from "../domain/entry.ts";
import { SummaError } from "../domain/errors.ts";
import { categoryKey } from "../domain/taxonomy.ts";
import {
  categoriesInUse,
  countEntriesByStatus,
  type EditableEntry,
  type EditableEntryRow,
  getEditableEntry,
  getTaxonomy,
  listEditableEntries,
  matchTitles,
  type Store,
} from "../store/index.ts";
import { canEditEntry, canReadEntry } from "./entry-access.ts";

/** Rows per page of the desk's entry list. */
export const EDITING_PAGE_SIZE = 50;
const MAX_DESK_PAGE = 100_000;

/** Whose entries a list shows: the user's own, or everyone's. */
export type EntryScope = "mine" | "all";

/** The desk list's filters as a person chose them (missing ones take the role's defaults). */
export interface EditingListQuery {
  status?: string;
  scope?: string;
  q?: string;
  page?: number;
}

export interface EditingListRow extends EditableEntryRow {
  /** Whether this user may change the entry (else the list links to a read-only view). */
  editable: boolean;
  /** Whether this user may open it at all (another summarizer's draft shows only its title). */
  readable: boolean;
}

export interface EditingList {
  rows: EditingListRow[];
  total: number;
  /** The filters actually applied, for the filter form and page links. */
  status: EntryStatus | "";
  scope: EntryScope;
  q: string;
  page: number;
  pages: number;
}

/** Summarizers start from their own entries; editors, who pick from everyone's, from all. */
export function defaultScope(user: StaffUser): EntryScope {
  return can(user.role, "entries.write_any") ? "all" : "mine";
}

/** The desk's entry list: filtered by status, owner and title words, newest change first. */
export async function listEntriesForEditing(
  store: Store,
  user: StaffUser,
  query: EditingListQuery,
): Promise<EditingList> {
  const status = (ENTRY_STATUSES as readonly string[]).includes(query.status ?? "")
    ? (query.status as EntryStatus)
    : "";
  const scope: EntryScope =
    query.scope === "mine" || query.scope === "all" ? query.scope : defaultScope(user);
  const q = (query.q ?? "").trim().slice(0, 200);
  // Past the last page shows the last page; a page beyond any real list is not worth an offset.
  const requested =
    Number.isInteger(query.page) && query.page! > 0 ? Math.min(query.page!, MAX_DESK_PAGE) : 1;
  const filter = {
    ...(status ? { status } : {}),
    ...(scope === "mine" ? { createdBy: user.id } : {}),
    ...(q ? { title: q } : {}),
  };
  let page = requested;
  let found = await listEditableEntries(store.db, filter, {
    limit: EDITING_PAGE_SIZE,
    offset: (page - 1) * EDITING_PAGE_SIZE,
  });
  const pages = Math.max(1, Math.ceil(found.total / EDITING_PAGE_SIZE));
  // A page past the end (a stale link after entries moved) shows the last page, not nothing.
  if (page > pages) {
    page = pages;
    found = await listEditableEntries(store.db, filter, {
      limit: EDITING_PAGE_SIZE,
      offset: (page - 1) * EDITING_PAGE_SIZE,
    });
  }
  return {
    rows: found.rows.map((r) => ({ ...r, editable: canEditEntry(user, r), readable: canReadEntry(user, r) })),
    total: found.total,
    status,
    scope,
    q,
    page,
    pages,
  };
}

/**
 * What the desk home shows: status counts (everyone's and the user's), the user's open work
 * (drafts, entries sent back with changes requested, entries ready), and for an editor the
 * entries awaiting review (null for a summarizer, who reviews nothing).
 */
export async function editingOverview(store: Store, user: StaffUser) {
  const page = { limit: 20, offset: 0 };
  const reviews = can(user.role, "entries.write_any");
  const [all, mine, drafts, changesRequested, ready, awaitingReview] = await Promise.all([
    countEntriesByStatus(store.db),
    countEntriesByStatus(store.db, user.id),
    listEditableEntries(store.db, { createdBy: user.id, status: "draft" }, page),
    listEditableEntries(store.db, { createdBy: user.id, status: "changes_requested" }, page),
    listEditableEntries(store.db, { createdBy: user.id, status: "ready" }, page),
    reviews ? listEditableEntries(store.db, { status: "submitted" }, page) : null,
  ]);
  return { all, mine, drafts, changesRequested, ready, awaitingReview };
}

/** An entry for the desk's form, and whether this user may change it (else it shows read-only). */
export async function loadEntryForEditing(
  store: Store,
  user: StaffUser,
  id: number,
): Promise<{ entry: EditableEntry; editable: boolean }> {
  const entry = Number.isSafeInteger(id) ? await getEditableEntry(store.db, id) : undefined;
  if (!entry) throw new SummaError("not_found", `There is no entry #${id}`);
  if (!canReadEntry(user, entry))
    throw new SummaError(
      "auth.forbidden",
      `Entry #${id} is a draft by ${entry.creatorName ?? "another summarizer"}; only its author and editors can read it until it is marked ready`,
    );
  return { entry, editable: canEditEntry(user, entry) };
}

/** Titles to offer after `<@`: up to `limit` entries whose title contains the text. */
export async function suggestTitles(store: Store, text: string, limit = 10) {
  const q = text.trim().slice(0, 200);
  if (q.length < 2) return [];
  return matchTitles(store.db, q, Math.min(Math.max(limit, 1), 10));
}

/**
 * Categories entries use that the taxonomy no longer has (after a rename or removal): issues
 * show such entries under "Other", so the editor is told which and how many.
 */
export async function orphanedCategories(store: Store): Promise<{ category: string; entries: number }[]> {
  const known = new Set((await getTaxonomy(store.db)).flatMap((s) => s.categories.map(categoryKey)));
  const orphans = new Map<string, { category: string; entries: number }>();
  for (const used of await categoriesInUse(store.db)) {
    const key = categoryKey(used.category);
    if (known.has(key)) continue;
    const seen = orphans.get(key);
    if (seen) seen.entries += used.entries;
    else orphans.set(key, { ...used });
  }
  return [...orphans.values()];
}
