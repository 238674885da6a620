import { can, type StaffUser } from "../accounts/index.ts";
import { FIELD_SPECS, valueAsText } from "../domain/entry-fields.ts";
import { SummaError } from "../domain/errors.ts";
import type { Reviewer } from "../domain/review.ts";
import {
  type EditableEntry,
  type EntryRevision,
  getEditableEntry,
  getRevision,
  insertRevision,
  listRevisions,
  type RevisionAction,
  revisionsSince,
  type Store,
} from "../store/index.ts";
import { canReadEntry } from "./entry-access.ts";

/**
 * An entry's revision history: every save through the entry service (desk, API, CLI, restore,
 * review steps) writes one row with who, when, the fields it changed (text before and after)
 * and every field after it, so a revision can be shown as a diff and restored. Sheet imports
 * write none (see the README): their history is the sheet's, and a row per entry per import
 * would multiply an import's writes.
 */

/** The fields a revision records, as the form names them: the typed fields and the authors line. */
export const REVISION_FIELDS: readonly string[] = [
  ...FIELD_SPECS.filter((f) => f.input).map((f) => f.name),
  "authorsDisplay",
  "status",
];

const KIND = new Map(FIELD_SPECS.map((f) => [f.name, f.kind]));

/** Every recorded field of an entry as text (lists as typed, yes/no as true/false). */
export function entrySnapshot(entry: EditableEntry): Record<string, string> {
  const stored = entry as unknown as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const name of REVISION_FIELDS) {
    const kind = KIND.get(name);
    out[name] = kind ? valueAsText(kind, stored[name]) : String(stored[name] ?? "");
  }
  return out;
}

/** The fields that differ between two snapshots, as [before, after]. */
export function changedFields(
  before: Record<string, string>,
  after: Record<string, string>,
): Record<string, [string, string]> {
  const out: Record<string, [string, string]> = {};
  for (const name of REVISION_FIELDS)
    if ((before[name] ?? "") !== (after[name] ?? "")) out[name] = [before[name] ?? "", after[name] ?? ""];
  return out;
}

export function reviewerOf(user: StaffUser, entry: { createdBy: number | null }): Reviewer {
  return { editor: can(user.role, "entries.write_any"), author: entry.createdBy === user.id };
}

/** Writes the revision a save made, when it changed anything; call in the save's transaction. */
export async function recordRevision(
  db: Store["db"],
  user: StaffUser,
  action: RevisionAction,
  before: Record<string, string>,
  after: EditableEntry,
  now: string,
): Promise<void> {
  const fields = entrySnapshot(after);
  const changes = changedFields(before, fields);
  if (action !== "create" && Object.keys(changes).length === 0) return;
  await insertRevision(db, {
    entryId: after.id,
    version: after.version ?? 1,
    userId: user.id,
    userName: user.name,
    at: now,
    action,
    changes,
    fields,
  });
}

/**
 * The refusal of a save that began at `version` when the entry is now at a later one: what the
 * other saves changed, field by field (first value before them, last after), and the entry's
 * current values, so the person can merge by hand and nothing is overwritten silently.
 */
export async function conflictError(
  store: Store,
  entry: EditableEntry,
  version: number,
): Promise<SummaError> {
  const since = await revisionsSince(store.db, entry.id, version);
  const theirs: Record<string, [string, string]> = {};
  for (const r of since)
    for (const [field, [before, after]] of Object.entries(r.changes))
      theirs[field] = [theirs[field]?.[0] ?? before, after];
  const who = [...new Set(since.map((r) => r.userName).filter(Boolean))];
  return new SummaError(
    "entry.conflict",
    `Entry #${entry.id} was changed${who.length ? ` by ${who.join(", ")}` : ""} after you opened it (version ${version}, now ${entry.version}); your save was not applied`,
    {
      entryId: entry.id,
      yourVersion: version,
      currentVersion: entry.version,
      changedBy: who,
      changes: theirs,
      current: entrySnapshot(entry),
    },
  );
}

/** An entry's history for someone who may read the entry: newest first. */
export async function entryHistory(store: Store, user: StaffUser, id: number): Promise<EntryRevision[]> {
  const entry = await getEditableEntry(store.db, id);
  if (!entry) throw new SummaError("not_found", `There is no entry #${id}`);
  if (!canReadEntry(user, entry)) throw new SummaError("auth.forbidden", `You cannot read entry #${id}`);
  return listRevisions(store.db, id);
}

/** One revision of an entry (for its diff page). */
export async function entryRevision(
  store: Store,
  user: StaffUser,
  id: number,
  revisionId: number,
): Promise<{ entry: EditableEntry; revision: EntryRevision }> {
  const entry = await getEditableEntry(store.db, id);
  if (!entry) throw new SummaError("not_found", `There is no entry #${id}`);
  if (!canReadEntry(user, entry)) throw new SummaError("auth.forbidden", `You cannot read entry #${id}`);
  const revision = await getRevision(store.db, id, revisionId);
  if (!revision) throw new SummaError("not_found", `Entry #${id} has no revision #${revisionId}`);
  return { entry, revision };
}
