import { can, type StaffUser } from "../accounts/index.ts";
import type { Entry, EntryStatus } from "../domain/entry.ts";
import { REVIEW_STATES } from "../domain/review.ts";

/**
 * Who may read, change and credit which entry on the desk and the API (README "Accounts and
 * passwords"). Editors and admins pick from everyone's work, so they read and change anything.
 * A summarizer's entry is theirs until an editor marks it ready (draft, submitted, changes
 * requested): others see that it exists (its title, status and author, so no two people
 * summarize the same paper) but not its text. Once ready it is about to be public, so every
 * staff member may read it; only its author (until it is in an issue) and editors may change it.
 * A summarizer's change to a submitted or ready entry takes it back to draft (domain/review.ts).
 */
type Owned = Pick<Entry, "createdBy" | "status">;

/** The states in which only the author and editors read an entry's text. */
const PRIVATE: ReadonlySet<EntryStatus> = new Set(["draft", "submitted", "changes_requested"]);

export function canEditEntry(user: StaffUser, entry: Owned): boolean {
  if (can(user.role, "entries.write_any")) return true;
  return entry.createdBy === user.id && (REVIEW_STATES as readonly string[]).includes(entry.status);
}

export function canReadEntry(user: StaffUser, entry: Owned): boolean {
  return can(user.role, "entries.write_any") || entry.createdBy === user.id || !PRIVATE.has(entry.status);
}

/**
 * What is wrong with crediting an entry to `summarizers`, or null. A summarizer may credit a
 * co-author beside themselves but not put their work under another name alone: the credit line
 * is public ("summarized by X"), and only an editor, who answers for the issue, may give it away.
 */
export function creditProblem(user: StaffUser, summarizers: readonly string[]): string | null {
  // No credit at all credits no one else (the desk fills in the author's name on a new entry).
  if (can(user.role, "entries.write_any") || summarizers.length === 0) return null;
  const own = user.name.trim().toLowerCase();
  if (summarizers.some((name) => name.trim().toLowerCase() === own)) return null;
  return `your own name (${user.name}) must be among the summarizers; an editor can credit others alone`;
}
