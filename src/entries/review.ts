import type { StaffUser } from "../accounts/index.ts";
import { SummaError } from "../domain/errors.ts";
import { REVIEW_ACTIONS, type ReviewAction, reviewActions, reviewStep } from "../domain/review.ts";
import {
  type EntryComment,
  type EntryRevision,
  getEditableEntry,
  getRevision,
  insertComment,
  inTransaction,
  listComments,
  listRevisions,
  type Store,
  updateEntryAtVersion,
} from "../store/index.ts";
import { type EntryInput, reviseEntry } from "./edit-entry.ts";
import { canEditEntry, canReadEntry } from "./entry-access.ts";
import { conflictError, entrySnapshot, recordRevision, reviewerOf } from "./revisions.ts";

/** A comment's longest text: a review note, not an essay. */
export const MAX_COMMENT_CHARS = 10_000;

function readComment(text: string | undefined): string {
  const body = (text ?? "").replace(/\r\n?/g, "\n").trim();
  if (body.length > MAX_COMMENT_CHARS)
    throw new SummaError("input.invalid", `The comment is longer than ${MAX_COMMENT_CHARS} characters`, {
      fields: { comment: `at most ${MAX_COMMENT_CHARS} characters` },
    });
  if (/(?![\t\n\r])\p{Cc}/u.test(body))
    throw new SummaError("input.invalid", "The comment contains control characters", {
      fields: { comment: "contains control characters" },
    });
  return body;
}

async function readable(store: Store, user: StaffUser, id: number) {
  const entry = Number.isSafeInteger(id) ? await getEditableEntry(store.db, id) : undefined;
  if (!entry) throw new SummaError("not_found", `There is no entry #${id}`);
  if (!canReadEntry(user, entry)) throw new SummaError("auth.forbidden", `You cannot read entry #${id}`);
  return entry;
}

/**
 * Takes one review step (submit, withdraw, request changes, mark ready). Requesting changes
 * needs a comment, saved with the step; any step may carry one. With `version` the step
 * applies only to that version of the entry, like a save.
 */
export async function reviewEntry(
  store: Store,
  user: StaffUser,
  id: number,
  action: string,
  options: { comment?: string; version?: number } = {},
): Promise<void> {
  const entry = await readable(store, user, id);
  if (!REVIEW_ACTIONS.includes(action as ReviewAction))
    throw new SummaError("input.invalid", `"${action}" is not a review step (${REVIEW_ACTIONS.join(", ")})`, {
      fields: { action: "unknown review step" },
    });
  const step = reviewStep(entry.status, action as ReviewAction, reviewerOf(user, entry));
  if ("problem" in step)
    throw new SummaError("review.invalid_transition", `Entry #${id}: ${step.problem}`, {
      entryId: id,
      status: entry.status,
      action,
    });
  const comment = readComment(options.comment);
  if (action === "request_changes" && comment === "")
    throw new SummaError("input.invalid", "Say what should change: requesting changes needs a comment", {
      fields: { comment: "requesting changes needs a comment" },
    });
  const version = entry.version ?? 1;
  if (options.version !== undefined && options.version !== version)
    throw await conflictError(store, entry, options.version);
  const before = entrySnapshot(entry);
  const now = new Date().toISOString();
  await inTransaction(store, async (tx) => {
    if (!(await updateEntryAtVersion(tx.db, id, version, { status: step.to }, now)))
      throw await conflictError(tx, (await getEditableEntry(tx.db, id))!, version);
    if (comment)
      await insertComment(tx.db, {
        entryId: id,
        userId: user.id,
        userName: user.name,
        at: now,
        kind: action,
        body: comment,
      });
    await recordRevision(tx.db, user, "review", before, (await getEditableEntry(tx.db, id))!, now);
  });
}

/** A comment on an entry by anyone who may read it. */
export async function commentOnEntry(store: Store, user: StaffUser, id: number, text: string): Promise<void> {
  await readable(store, user, id);
  const body = readComment(text);
  if (body === "")
    throw new SummaError("input.invalid", "The comment is empty", { fields: { comment: "write a comment" } });
  await insertComment(store.db, {
    entryId: id,
    userId: user.id,
    userName: user.name,
    at: new Date().toISOString(),
    kind: "comment",
    body,
  });
}

/**
 * Puts an entry's fields back as a revision left them: a new save (a "restore" revision on
 * top), never a rewrite of history. The review state is not restored; the save's rules apply.
 */
export async function restoreRevision(
  store: Store,
  user: StaffUser,
  id: number,
  revisionId: number,
  version?: number,
): Promise<void> {
  const entry = await readable(store, user, id);
  const revision = await getRevision(store.db, id, revisionId);
  if (!revision) throw new SummaError("not_found", `Entry #${id} has no revision #${revisionId}`);
  const { status: _status, highlight, ...texts } = revision.fields;
  const input: EntryInput = { ...texts, highlight: highlight === "true", version: version ?? entry.version };
  await reviseEntry(store, user, id, input, { action: "restore" });
}

/** What the review panels show: the steps this person may take, comments, and history. */
export async function entryReview(
  store: Store,
  user: StaffUser,
  id: number,
): Promise<{
  actions: ReviewAction[];
  comments: EntryComment[];
  revisions: EntryRevision[];
  canRestore: boolean;
}> {
  const entry = await readable(store, user, id);
  const [comments, revisions] = await Promise.all([listComments(store.db, id), listRevisions(store.db, id)]);
  return {
    actions: reviewActions(entry.status, reviewerOf(user, entry)),
    comments,
    revisions,
    canRestore: canEditEntry(user, entry),
  };
}
