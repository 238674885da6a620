import { createHash, randomBytes } from "node:crypto";
import { can, type StaffUser } from "../accounts/index.ts";
import { SummaError } from "../domain/errors.ts";
import { looksLikeAddress } from "../formats/bounces/index.ts";
import {
  type AuthorReviewRow,
  findAuthorReview,
  findAuthorReviewByTokenHash,
  getEditableEntry,
  insertAuthorReview,
  listAuthorReviews,
  markAuthorReviewViewed,
  readNewsletterSettings,
  revokeAuthorReview,
  type Store,
  saveAuthorReviewAnswer,
} from "../store/index.ts";
import { type EntryPreview, previewEntry } from "./preview-entry.ts";

/**
 * Author review: before an entry goes out, the editor shows its authors the planned summary and
 * opinion ("I often give authors a chance to comment on the summaries + opinions", AN #149).
 * Each author gets a link of their own, with no account: a random token (only its SHA-256 is
 * stored), for this one entry, ending at a date or when revoked. Through it an author sees the
 * entry exactly as the issue will show it, and approves, or comments and suggests text. The
 * editor decides; nothing an author writes changes the entry.
 *
 * A separate track from the editorial review (draft -> submitted -> ready, entries/review.ts):
 * that one is between summarizer and editor; this one is the editor's with the authors.
 */

/** How long a link works unless the editor says otherwise. */
export const DEFAULT_REVIEW_DAYS = 14;
/** The longest a link may work. */
export const MAX_REVIEW_DAYS = 90;
/** Answer fields' lengths: a comment, or a summary rewritten. */
const MAX_COMMENT = 5_000;
const MAX_SUGGESTION = 20_000;

export function hashReviewToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface AuthorReviewRequest {
  id: number;
  /** The link's token, given once: only its hash is stored. */
  token: string;
  /** The page's path on the site: /review/TOKEN. */
  path: string;
  expiresAt: string;
}

function requireEditor(user: StaffUser): void {
  if (!can(user.role, "entries.write_any"))
    throw new SummaError("auth.forbidden", "Only an editor asks authors to review an entry");
}

function cleanText(value: string, max: number, what: string): string {
  const text = value.replace(/\r\n?/g, "\n").trim();
  if (text.length > max)
    throw new SummaError("input.invalid", `${what} is too long: at most ${max} characters`, {
      fields: { [what.toLowerCase()]: `at most ${max} characters` },
    });
  if (/(?![\n\t])\p{Cc}/u.test(text))
    throw new SummaError("input.invalid", `${what} contains control characters`);
  return text;
}

/** Asks one author to review entry `entryId`: a new link, returned once. */
export async function requestAuthorReview(
  store: Store,
  user: StaffUser,
  entryId: number,
  input: { name: string; email?: string; days?: number },
  now = new Date(),
): Promise<AuthorReviewRequest> {
  requireEditor(user);
  const entry = await getEditableEntry(store.db, entryId);
  if (!entry) throw new SummaError("not_found", `There is no entry #${entryId}`);
  const fields: Record<string, string> = {};
  const name = input.name.replace(/\s+/g, " ").trim();
  if (!name) fields.name = "whom the link is for: the author's name";
  else if (name.length > 200) fields.name = "at most 200 characters";
  const email = (input.email ?? "").trim().toLowerCase();
  if (email && !looksLikeAddress(email)) fields.email = "an email address (name@example.org), or nothing";
  const days = input.days ?? DEFAULT_REVIEW_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_REVIEW_DAYS)
    fields.days = `a whole number of days from 1 to ${MAX_REVIEW_DAYS}`;
  if (Object.keys(fields).length)
    throw new SummaError(
      "input.invalid",
      `No review link was made: ${Object.entries(fields)
        .map(([f, p]) => `${f}: ${p}`)
        .join("; ")}`,
      { fields },
    );
  const token = randomBytes(24).toString("base64url");
  const expiresAt = new Date(now.getTime() + days * 86_400_000).toISOString();
  const id = await insertAuthorReview(store.db, {
    entry_id: entryId,
    token_hash: hashReviewToken(token),
    author_name: name,
    author_email: email,
    requested_by: user.id,
    requested_by_name: user.name,
    requested_at: now.toISOString(),
    expires_at: expiresAt,
  });
  return { id, token, path: `/review/${token}`, expiresAt };
}

/** What a link opens: the request and the entry as the issue will show it, or why it is closed. */
export type OpenedReview =
  | { open: true; request: AuthorReviewRow; preview: EntryPreview; title: string; newsletter: string }
  | { open: false; why: "revoked" | "expired"; request: AuthorReviewRow; newsletter: string };

async function findByToken(store: Store, token: string): Promise<AuthorReviewRow> {
  // A token is 32 base64url characters; anything else is not one (and is not looked up).
  const row = /^[A-Za-z0-9_-]{20,64}$/.test(token)
    ? await findAuthorReviewByTokenHash(store.db, hashReviewToken(token))
    : undefined;
  if (!row) throw new SummaError("not_found", "This review link is not known: check it was copied whole");
  return row;
}

function closedWhy(row: AuthorReviewRow, now: Date): "revoked" | "expired" | null {
  if (row.revoked_at) return "revoked";
  if (row.expires_at <= now.toISOString()) return "expired";
  return null;
}

/**
 * Opens a link: the entry as it will appear (the desk's preview renderer, so exactly as the
 * issue shows it), and the first visit marks it viewed. Only this link's entry is ever shown.
 */
export async function openAuthorReview(store: Store, token: string, now = new Date()): Promise<OpenedReview> {
  const row = await findByToken(store, token);
  const newsletter = (await readNewsletterSettings(store.db)).name || "the newsletter";
  const why = closedWhy(row, now);
  if (why) return { open: false, why, request: row, newsletter };
  const entry = await getEditableEntry(store.db, row.entry_id);
  if (!entry) throw new SummaError("not_found", "This review link's entry no longer exists");
  // The preview renders the stored entry (nothing typed); the requester stands in as its user.
  const as: StaffUser = { id: row.requested_by ?? 0, name: row.requested_by_name, email: "", role: "editor" };
  const preview = await previewEntry(store, as, {}, entry.id);
  await markAuthorReviewViewed(store.db, row.id, now.toISOString());
  const request = (await findAuthorReview(store.db, row.id)) ?? row;
  return { open: true, request, preview, title: entry.title, newsletter };
}

/** An author's answer: approve, or comment (with suggested text). Until the link ends, a new answer replaces the last. */
export async function answerAuthorReview(
  store: Store,
  token: string,
  input: { decision: string; comment?: string; suggestedSummary?: string; suggestedOpinion?: string },
  now = new Date(),
): Promise<AuthorReviewRow> {
  const row = await findByToken(store, token);
  const why = closedWhy(row, now);
  if (why)
    throw new SummaError(
      "conflict",
      why === "revoked" ? "This review link was withdrawn by the editor" : "This review link has expired",
    );
  if (input.decision !== "approve" && input.decision !== "comment")
    throw new SummaError("input.invalid", "decision: approve or comment", {
      fields: { decision: "approve or comment" },
    });
  const comment = cleanText(input.comment ?? "", MAX_COMMENT, "Comment");
  const suggestedSummary = cleanText(input.suggestedSummary ?? "", MAX_SUGGESTION, "Summary");
  const suggestedOpinion = cleanText(input.suggestedOpinion ?? "", MAX_SUGGESTION, "Opinion");
  const approving = input.decision === "approve";
  if (!approving && !comment && !suggestedSummary && !suggestedOpinion)
    throw new SummaError(
      "input.invalid",
      "Write a comment or suggest text, or approve the summary as it is",
      {
        fields: { comment: "write a comment or suggest text" },
      },
    );
  await saveAuthorReviewAnswer(store.db, row.id, {
    state: approving ? "approved" : "commented",
    at: now.toISOString(),
    comment,
    suggestedSummary,
    suggestedOpinion,
  });
  return (await findAuthorReview(store.db, row.id))!;
}

/** The entry's requests, for the desk (editors only: they hold the authors' addresses). */
export async function entryAuthorReviews(
  store: Store,
  user: StaffUser,
  entryId: number,
): Promise<AuthorReviewRow[]> {
  if (!can(user.role, "entries.write_any")) return [];
  return listAuthorReviews(store.db, entryId);
}

export async function revokeAuthorReviewLink(
  store: Store,
  user: StaffUser,
  entryId: number,
  id: number,
  now = new Date(),
) {
  requireEditor(user);
  const row = await findAuthorReview(store.db, id);
  if (!row || row.entry_id !== entryId)
    throw new SummaError("not_found", `There is no review request #${id} on entry #${entryId}`);
  if (!(await revokeAuthorReview(store.db, id, now.toISOString())))
    throw new SummaError("conflict", "This review link was already withdrawn");
}

/**
 * The forum comment AN posted under an author's post: "Planned summary for the Alignment
 * Newsletter:" then the summary, and "Planned opinion:" then the opinion, in Markdown.
 */
export async function plannedSummaryMarkdown(store: Store, entryId: number): Promise<string> {
  const entry = await getEditableEntry(store.db, entryId);
  if (!entry) throw new SummaError("not_found", `There is no entry #${entryId}`);
  const s = await readNewsletterSettings(store.db);
  const name = s.name || "the newsletter";
  const parts = [`Planned summary for the ${name}:`, entry.summary.trim() || "(no summary yet)"];
  if (entry.opinion.trim()) parts.push("Planned opinion:", entry.opinion.trim());
  return `${parts.join("\n\n")}\n`;
}
