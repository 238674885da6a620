import { can, type StaffUser } from "../accounts/index.ts";
import { referencedTitleKeys } from "../domain/crossref.ts";
import {
  ENTRY_STATUSES,
  type Entry,
  type EntryFields,
  type EntryStatus,
  emptyEntryFields,
} from "../domain/entry.ts";
import {
  type EntryFieldInput,
  FIELD_SPECS,
  type FieldSpec,
  LINK_CARRIERS,
  listFromText,
} from "../domain/entry-fields.ts";
import { entryLinks } from "../domain/entry-links.ts";
import { SummaError } from "../domain/errors.ts";
import { fieldProblem } from "../domain/field-checks.ts";
import { titleKey } from "../domain/keys.ts";
import { handStatusProblem, REVIEW_STATES, statusAfterEdit } from "../domain/review.ts";
import { categoryKey } from "../domain/taxonomy.ts";
import {
  ensurePeople,
  findByTitleKeys,
  getEditableEntry,
  getEntry,
  getTaxonomy,
  insertWrittenEntry,
  inTransaction,
  replaceEntryLinks,
  replaceEntryReferences,
  type Store,
  setSummarizers,
  type TransactionStore,
  toEntryContent,
  updateEntryAtVersion,
} from "../store/index.ts";
import { canEditEntry, creditProblem } from "./entry-access.ts";
import {
  changedFields,
  conflictError,
  entrySnapshot,
  REVISION_FIELDS,
  recordRevision,
  reviewerOf,
} from "./revisions.ts";

/**
 * An entry as a desk form or the API sends it: the field table's typed fields as typed, all
 * optional on update, and what the desk sets beside them.
 */
export type EntryInput = EntryFieldInput & {
  /** Overrides "First Author et al" in issues. */
  authorsDisplay?: string;
  status?: EntryStatus;
  /** The version the person started from; a save over a later one is refused (entry.conflict). */
  version?: number;
};

/** Statuses a person sets by hand; "in_issue" and "published" follow from composing and publishing. */
export const HAND_STATUSES: readonly EntryStatus[] = REVIEW_STATES;

const TYPED = FIELD_SPECS.filter((f) => f.input);
/** The authors field, whose rules an override of how they are shown follows. */
const AUTHORS = FIELD_SPECS.find((f) => f.kind === "authors")!;
/** The texts whose <@cross-references@> are indexed. */
const REFERENCE_FIELDS = LINK_CARRIERS.map((f) => f.name as keyof EntryFields);

function invalid(problems: Record<string, string>): SummaError {
  const list = Object.entries(problems).map(([field, problem]) => `${field}: ${problem}`);
  return new SummaError("input.invalid", `The entry was not saved. ${list.join("; ")}`, { fields: problems });
}

/**
 * Reads one typed value into `fields` by its field's kind; returns the problem with it, if any.
 * Text is trimmed (Markdown keeps its inner line breaks, with \n endings).
 */
function readTyped(spec: FieldSpec, value: unknown, fields: Record<string, unknown>): string | null {
  const text = String(value ?? "");
  const problem = spec.kind === "boolean" ? null : fieldProblem(spec, text);
  if (problem) return problem;
  switch (spec.kind) {
    case "boolean":
      fields[spec.name] = Boolean(value);
      return null;
    case "year": {
      const y = text.trim();
      if (y === "") fields[spec.name] = null;
      else if (/^\d{4}$/.test(y) && Number(y) >= 1900 && Number(y) <= 2100) fields[spec.name] = Number(y);
      else return `"${y}" is not a year (1900-2100)`;
      return null;
    }
    case "authors":
    case "people":
      fields[spec.name] = listFromText(spec.kind, text);
      return null;
    case "markdown":
      fields[spec.name] = text.replace(/\r\n?/g, "\n").trim();
      return null;
    case "url":
      fields[spec.name] = text.trim();
      return null;
    default:
      fields[spec.name] = text.trim();
      return null;
  }
}

/**
 * The fields with what was typed read in by kind (the field table's), and the problems of
 * values that could not be read (a year that is not one, an address that is not http(s)).
 * Nothing here needs the database: the desk's preview shows the result unvalidated.
 */
export function mergeInput(
  base: EntryFields,
  input: EntryInput,
): { fields: EntryFields & Record<string, unknown>; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  const typed = input as Record<string, unknown>;
  const fields = { ...base } as EntryFields & Record<string, unknown>;
  for (const spec of TYPED) {
    const value = typed[spec.name];
    if (value === undefined) continue;
    const problem = readTyped(spec, value, fields);
    if (problem) problems[spec.name] = problem;
  }
  return { fields, problems };
}

/** The texts that may hold <@cross-references@>, in the table's order. */
export function referenceTexts(fields: EntryFields): string[] {
  return REFERENCE_FIELDS.map((f) => String(fields[f]));
}

/** Merges input into fields and checks them; every problem is reported at once, by field. */
async function validate(store: Store, base: EntryFields, input: EntryInput): Promise<EntryFields> {
  const merged = mergeInput(base, input);
  const { fields, problems } = merged;
  fields.title = fields.title.replace(/\s+/g, " ");
  if (fields.title === "") problems.title = "a title is required";
  const display = input.authorsDisplay === undefined ? null : fieldProblem(AUTHORS, input.authorsDisplay);
  if (display) problems.authorsDisplay = display;
  // Control characters other than tab and newline (\p{Cc} minus \t \n \r).
  for (const [name, value] of Object.entries(fields))
    if (typeof value === "string" && /(?![\t\n\r])\p{Cc}/u.test(value))
      problems[name] = "contains control characters";
  if (fields.category === "") problems.category = "choose a category";
  else {
    const taxonomy = await getTaxonomy(store.db);
    const known = taxonomy
      .flatMap((s) => s.categories)
      .find((c) => categoryKey(c) === categoryKey(fields.category));
    if (!known) problems.category = `"${fields.category}" is not in the taxonomy`;
    else fields.category = known;
  }
  if (Object.keys(problems).length) throw invalid(problems);
  return fields;
}

/** The status a save leaves, or a 422 naming why the status asked for is not this person's to set. */
function statusFor(
  user: StaffUser,
  entry: { status: EntryStatus; createdBy: number | null } | null,
  asked: EntryStatus | undefined,
  contentChanged: boolean,
): EntryStatus {
  const who = reviewerOf(user, entry ?? { createdBy: user.id });
  const from = entry?.status ?? null;
  if (asked !== undefined && asked !== from) {
    if (!ENTRY_STATUSES.includes(asked)) throw invalid({ status: `"${asked}" is not a status` });
    const problem = handStatusProblem(from, asked, who);
    if (problem) throw invalid({ status: problem });
    return asked;
  }
  if (!entry) return "draft";
  return contentChanged ? statusAfterEdit(entry.status, who) : entry.status;
}

function checkCredit(user: StaffUser, fields: EntryFields): void {
  const problem = creditProblem(user, fields.summarizers);
  if (problem) throw invalid({ summarizers: problem });
}

/** Refuses a title another entry without an issue already has: the (title, issue) key is unique. */
async function checkTitleFree(store: Store, title: string, issueLabel: string, self?: number): Promise<void> {
  const same = (await findByTitleKeys(store.db, [titleKey(title)])).filter(
    (e) => e.issue_label === issueLabel && e.id !== self,
  );
  if (same.length)
    throw new SummaError(
      "conflict",
      `Entry #${same[0]!.id} already has this title${issueLabel ? ` in ${issueLabel}` : ""}`,
      {
        field: "title",
        entryId: same[0]!.id,
      },
    );
}

async function saveLinks(store: TransactionStore, id: number, fields: EntryFields): Promise<void> {
  const people = fields.summarizers.length ? await ensurePeople(store.db, fields.summarizers) : new Map();
  await setSummarizers(store.db, [{ entryId: id, personIds: fields.summarizers.map((n) => people.get(n)!) }]);
  await replaceEntryReferences(
    store.db,
    [{ entryId: id, keys: referencedTitleKeys(referenceTexts(fields)) }],
    true,
  );
  await replaceEntryLinks(store.db, [{ entryId: id, links: entryLinks(toEntryContent(fields, null)) }], true);
}

/** How an entry is created on someone's behalf (the inbox's pick, handing a paper to a summarizer). */
export interface CreateOptions {
  /**
   * Whose entry it is (created_by: theirs to write); an editor may create one for another
   * person, or for no one yet (null: an editor's to hand out, as an imported row).
   */
  owner?: Pick<StaffUser, "id" | "name"> | null;
  /** More work in the entry's own transaction (marking the inbox candidate picked): all or nothing. */
  alsoInTransaction?: (tx: TransactionStore, entryId: number) => Promise<void>;
}

/** A new entry from the desk or the API: a draft (or ready) in no issue yet, credited to its author by default. */
export async function createEntry(
  store: Store,
  user: StaffUser,
  input: EntryInput,
  options: CreateOptions = {},
): Promise<Entry> {
  if (!can(user.role, "entries.write_own"))
    throw new SummaError("auth.forbidden", "Your role cannot write entries");
  const owner = options.owner === undefined ? user : options.owner;
  if (owner?.id !== user.id && !can(user.role, "entries.write_any"))
    throw new SummaError("auth.forbidden", "Only an editor can create an entry for someone else");
  if (input.status !== undefined && input.status !== "draft") statusFor(user, null, input.status, true);
  const fields = await validate(store, emptyEntryFields(), {
    ...input,
    summarizers: input.summarizers?.trim() ? input.summarizers : (owner?.name ?? ""),
  });
  checkCredit(user, fields);
  await checkTitleFree(store, fields.title, "");
  const now = new Date().toISOString();
  const id = await inTransaction(store, async (tx) => {
    const newId = await insertWrittenEntry(
      tx.db,
      {
        ...toEntryContent(fields, null),
        status: input.status ?? "draft",
        created_by: owner?.id ?? null,
        authors_display: (input.authorsDisplay ?? "").trim(),
      },
      now,
    );
    await saveLinks(tx, newId, fields);
    const blank = Object.fromEntries(REVISION_FIELDS.map((f) => [f, ""]));
    await recordRevision(tx.db, user, "create", blank, (await getEditableEntry(tx.db, newId))!, now);
    await options.alsoInTransaction?.(tx, newId);
    return newId;
  });
  return (await getEntry(store.db, id))!;
}

/** How a save came about, for its revision and the autosave's rule. */
export interface ReviseOptions {
  action?: "edit" | "restore";
  /** An autosave may not change the entry's review state (a summarizer's edit of a submitted entry). */
  autosave?: boolean;
}

/**
 * Changes an entry; only the fields given change. Summarizers may change only their own entries
 * before they are in an issue (see entry-access.ts). With `input.version` the save applies only
 * to that version: a later one is refused with entry.conflict and what changed since.
 */
export async function reviseEntry(
  store: Store,
  user: StaffUser,
  id: number,
  input: EntryInput,
  options: ReviseOptions = {},
): Promise<Entry> {
  const entry = await getEditableEntry(store.db, id);
  if (!entry) throw new SummaError("not_found", `There is no entry #${id}`);
  if (!canEditEntry(user, entry))
    throw new SummaError(
      "auth.forbidden",
      `You cannot change entry #${id} (${entry.status}, not yours to edit)`,
    );
  if (input.version !== undefined && input.version !== entry.version)
    throw await conflictError(store, entry, input.version);
  const fields = await validate(store, entry, input);
  if (input.summarizers !== undefined) checkCredit(user, fields);
  if (titleKey(fields.title) !== titleKey(entry.title))
    await checkTitleFree(store, fields.title, entry.issueLabel, id);
  const before = entrySnapshot(entry);
  const content = toEntryContent(fields, entry.sheetRow);
  const authorsDisplay =
    input.authorsDisplay !== undefined ? input.authorsDisplay.trim() : entry.authorsDisplay;
  const after = entrySnapshot({ ...entry, ...fields, authorsDisplay });
  const changed = Object.keys(changedFields(before, after)).length > 0;
  const status = statusFor(user, entry, input.status, changed);
  if (options.autosave && status !== entry.status)
    throw invalid({
      status: `saving would take the entry from ${entry.status} to ${status}; save it with the Save button`,
    });
  const now = new Date().toISOString();
  await inTransaction(store, async (tx) => {
    // Conditional on the version read above: a save that landed in between is a conflict too.
    const applied = await updateEntryAtVersion(
      tx.db,
      id,
      entry.version ?? 1,
      { ...content, status, authors_display: authorsDisplay },
      now,
    );
    if (!applied) throw await conflictError(tx, (await getEditableEntry(tx.db, id))!, entry.version ?? 1);
    await saveLinks(tx, id, fields);
    await recordRevision(
      tx.db,
      user,
      options.action ?? "edit",
      before,
      (await getEditableEntry(tx.db, id))!,
      now,
    );
  });
  return (await getEntry(store.db, id))!;
}
