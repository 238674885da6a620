import { SummaError } from "../domain/errors.ts";
import { isCalendarDate, issueLabel } from "../domain/issue.ts";
import { subjectWithoutLabel } from "../domain/issue-subject.ts";
import {
  assignEntriesToIssue,
  countIssueEntries,
  findEntryStates,
  findIssueRow,
  findTitleClashes,
  insertDraftIssue,
  inTransaction,
  lockDraftIssue,
  maxIssueNumber,
  readNewsletterSettings,
  releaseEntryFromIssue,
  type Store,
  saveIssueMeta,
  setEntryHighlightFlag,
  type TransactionStore,
} from "../store/index.ts";

/**
 * Composing an issue on the editor's desk: a draft issue gets a number, ready entries go in
 * and out of it, and the editor writes its subject, date and intro. Every operation checks
 * everything first and writes in one transaction, so a refusal leaves the database as it was.
 * Published issues are the public record: only their subject and intro can still be corrected.
 */

/** What the editor writes about an issue. Absent fields are left as they are. */
export interface DraftDetails {
  subject?: string;
  /** Markdown. */
  intro?: string;
  /** YYYY-MM-DD, or empty for "not dated yet" (publishing dates it). */
  date?: string;
}

const MAX_SUBJECT = 200;
const MAX_INTRO = 20_000;
/** Control characters other than tab and newlines, which nobody types on purpose. */
const CONTROL = /(?![\t\n\r])\p{Cc}/u;

/**
 * The issue, which must exist and still be a draft; it stays one until the transaction ends
 * (see lockDraftIssue), so a concurrent publish waits instead of interleaving.
 */
export async function draftIssue(tx: TransactionStore, number: number) {
  const locked = await lockDraftIssue(tx.db, number);
  const issue = await findIssueRow(tx.db, number);
  if (!issue) throw new SummaError("not_found", `There is no issue #${number}`);
  if (!locked || issue.status !== "draft") {
    const why =
      issue.status === "scheduled"
        ? `is scheduled to publish at ${issue.publish_at}; unpublish it (back to draft) to change its entries`
        : issue.status === "withdrawn"
          ? "was withdrawn; its entries can no longer change"
          : "is published; its entries can no longer change";
    throw new SummaError("conflict", `Issue #${number} ${why}`, { issue: number });
  }
  return issue;
}

/** "AN #54": the label entries of issue `number` carry, with the newsletter's prefix. */
export async function labelFor(tx: Store, number: number): Promise<string> {
  const prefix = (await readNewsletterSettings(tx.db)).issuePrefix;
  return issueLabel({ prefix }, number).trim();
}

/**
 * The subject as stored: a typed "[AN #54]:" left out (the subject line adds it), another
 * issue's label refused (domain/issue-subject.ts).
 */
export async function ownSubject(tx: Store, subject: string, number: number): Promise<string> {
  const prefix = (await readNewsletterSettings(tx.db)).issuePrefix;
  return subjectWithoutLabel(subject, prefix, number);
}

function invalid(problems: Record<string, string>): SummaError {
  const list = Object.entries(problems).map(([field, problem]) => `${field}: ${problem}`);
  return new SummaError("input.invalid", `The issue was not saved. ${list.join("; ")}`, { fields: problems });
}

/** Details as stored: trimmed, newlines normalised, every problem listed at once. */
function cleanDetails(details: DraftDetails): { subject?: string; intro?: string; date?: string | null } {
  const problems: Record<string, string> = {};
  const out: { subject?: string; intro?: string; date?: string | null } = {};
  if (details.subject !== undefined) {
    const subject = details.subject.trim();
    if (/[\r\n]/.test(subject)) problems.subject = "must be one line";
    else if (CONTROL.test(subject)) problems.subject = "contains control characters";
    else if (subject.length > MAX_SUBJECT) problems.subject = `at most ${MAX_SUBJECT} characters`;
    out.subject = subject;
  }
  if (details.intro !== undefined) {
    const intro = details.intro.replace(/\r\n?/g, "\n").trim();
    if (CONTROL.test(intro)) problems.intro = "contains control characters";
    else if (intro.length > MAX_INTRO) problems.intro = `at most ${MAX_INTRO} characters`;
    out.intro = intro;
  }
  if (details.date !== undefined) {
    const date = details.date.trim();
    if (date && !isCalendarDate(date)) problems.date = `"${date}" is not a date (YYYY-MM-DD)`;
    out.date = date || null;
  }
  if (Object.keys(problems).length) throw invalid(problems);
  return out;
}

/**
 * Starts a draft issue numbered one after the highest number in use (by an issue or by an
 * entry) and returns its number. Two editors creating at once get two numbers: a number
 * taken in the meantime is skipped.
 */
export async function createDraftIssue(
  store: Store,
  details: DraftDetails = {},
  options: { number?: number } = {},
): Promise<number> {
  const clean = cleanDetails({
    subject: details.subject ?? "",
    intro: details.intro ?? "",
    date: details.date ?? "",
  });
  if (options.number !== undefined) return createNumberedDraft(store, options.number, clean);
  for (let attempt = 0; attempt < 5; attempt++) {
    const number = await inTransaction(store, async (tx) => {
      const next = (await maxIssueNumber(tx.db)) + 1;
      const subject = await ownSubject(tx, clean.subject ?? "", next);
      const row = { number: next, subject, intro: clean.intro ?? "" };
      if (!(await insertDraftIssue(tx.db, row))) return null;
      if (clean.date) await saveIssueMeta(tx.db, next, { date: clean.date });
      return next;
    });
    if (number !== null) return number;
  }
  throw new SummaError("conflict", "Could not reserve a number for the new issue; try again");
}

/** A draft with the number the editor chose: refused when an issue or an entry already has it. */
async function createNumberedDraft(
  store: Store,
  number: number,
  clean: { subject?: string; intro?: string; date?: string | null },
): Promise<number> {
  if (!Number.isSafeInteger(number) || number < 1)
    throw new SummaError("input.invalid", `An issue number is a whole number from 1, not ${number}`);
  return inTransaction(store, async (tx) => {
    const taken = await findIssueRow(tx.db, number);
    if (taken) throw new SummaError("conflict", `Issue #${number} already exists (${taken.status})`);
    if ((await countIssueEntries(tx.db, number)) > 0)
      throw new SummaError("conflict", `Entries of an issue #${number} exist already; choose another number`);
    await insertDraftIssue(tx.db, { number, subject: clean.subject ?? "", intro: clean.intro ?? "" });
    if (clean.date) await saveIssueMeta(tx.db, number, { date: clean.date });
    return number;
  });
}

/** An entry as composing reports it back: what went in or out. */
export interface ComposedEntryRef {
  id: number;
  title: string;
}

/**
 * Puts ready entries in a draft issue (at the end of their subsections). Refuses, changing
 * nothing, when an entry does not exist, is not ready, or has the title of an entry already
 * in the issue (the title and issue label identify an entry).
 */
export async function addEntriesToIssue(
  store: Store,
  number: number,
  entryIds: number[],
): Promise<ComposedEntryRef[]> {
  const ids = [...new Set(entryIds)];
  if (ids.length === 0) throw new SummaError("input.invalid", "Choose at least one entry to add");
  return inTransaction(store, async (tx) => {
    const issue = await draftIssue(tx, number);
    const label = await labelFor(tx, number);
    const states = await findEntryStates(tx.db, ids);
    const missing = ids.filter((id) => !states.some((s) => s.id === id));
    if (missing.length) throw new SummaError("not_found", `There is no entry #${missing.join(", #")}`);
    const inThis = states.filter((s) => s.issue_number === number);
    if (inThis.length)
      throw new SummaError(
        "conflict",
        `Already in ${label}: ${inThis.map((s) => `"${s.title}"`).join(", ")}`,
      );
    const unready = states.filter((s) => s.status !== "ready");
    if (unready.length)
      throw new SummaError(
        "input.invalid",
        `Only ready entries can be added; ${unready.map((s) => `"${s.title}" is ${s.status.replace("_", " ")}`).join(", ")}`,
      );
    const clashes = await findTitleClashes(
      tx.db,
      states.map((s) => s.title_key),
      label,
      ids,
    );
    if (clashes.length)
      throw new SummaError(
        "conflict",
        `${label} already has an entry titled ${clashes.map((c) => `"${c.title}" (#${c.id})`).join(", ")}`,
        { entryIds: clashes.map((c) => c.id) },
      );
    await assignEntriesToIssue(tx.db, ids, { number, label, url: issue.url }, new Date().toISOString());
    return ids.map((id) => ({ id, title: states.find((s) => s.id === id)!.title }));
  });
}

/** The entry, which must be in this issue. */
async function entryInIssue(tx: Store, number: number, entryId: number) {
  const [state] = await findEntryStates(tx.db, [entryId]);
  if (!state || state.issue_number !== number)
    throw new SummaError("not_found", `Entry #${entryId} is not in issue #${number}`);
  return state;
}

/**
 * Takes an entry out of a draft issue: it is ready again, in no issue. Refused when another
 * entry in no issue has its title meanwhile (only one may, by the title/issue key).
 */
export async function removeEntryFromIssue(store: Store, number: number, entryId: number): Promise<void> {
  await removeEntriesFromIssue(store, number, [entryId]);
}

/** Takes entries out of a draft issue, all or none (see removeEntryFromIssue). */
export async function removeEntriesFromIssue(
  store: Store,
  number: number,
  entryIds: number[],
): Promise<ComposedEntryRef[]> {
  const ids = [...new Set(entryIds)];
  if (ids.length === 0) throw new SummaError("input.invalid", "Choose at least one entry to remove");
  return inTransaction(store, async (tx) => {
    await draftIssue(tx, number);
    const removed: ComposedEntryRef[] = [];
    for (const entryId of ids) {
      const state = await entryInIssue(tx, number, entryId);
      const clashes = await findTitleClashes(tx.db, [state.title_key], "", [entryId]);
      if (clashes.length)
        throw new SummaError(
          "conflict",
          `Entry #${clashes[0]!.id}, not in any issue, has the same title as #${entryId}; edit one of them first`,
          { entryIds: clashes.map((c) => c.id) },
        );
      await releaseEntryFromIssue(tx.db, entryId, new Date().toISOString());
      removed.push({ id: entryId, title: state.title });
    }
    return removed;
  });
}

/** Makes an entry of a draft issue a highlight (listed first, under Highlights) or not. */
export async function setEntryHighlight(
  store: Store,
  number: number,
  entryId: number,
  highlight: boolean,
): Promise<ComposedEntryRef> {
  return inTransaction(store, async (tx) => {
    await draftIssue(tx, number);
    const state = await entryInIssue(tx, number, entryId);
    await setEntryHighlightFlag(tx.db, entryId, highlight, new Date().toISOString());
    return { id: entryId, title: state.title };
  });
}

/**
 * Saves the subject, intro and date of an issue. A published issue keeps its date (it is when
 * the issue went out; an undated one may be given its date); its subject and intro may still be
 * corrected.
 */
export async function editIssueDetails(store: Store, number: number, details: DraftDetails): Promise<void> {
  const clean = cleanDetails(details);
  await inTransaction(store, async (tx) => {
    if (clean.subject !== undefined) clean.subject = await ownSubject(tx, clean.subject, number);
    const issue = await findIssueRow(tx.db, number);
    if (!issue) throw new SummaError("not_found", `There is no issue #${number}`);
    // A published issue keeps its date; one imported without a date may be given one.
    if (
      issue.status === "published" &&
      issue.date !== null &&
      clean.date !== undefined &&
      clean.date !== issue.date
    )
      throw new SummaError("conflict", `Issue #${number} is published; its date can no longer change`);
    await saveIssueMeta(tx.db, number, clean);
  });
}
