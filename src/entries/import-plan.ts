import type { Kysely } from "kysely";
import { FIELD_SPECS } from "../domain/entry-fields.ts";
import type { SummaError } from "../domain/errors.ts";
import { categoryKey } from "../domain/taxonomy.ts";
import { type ParsedRow, rowBatches, type SheetReader } from "../formats/import/index.ts";
import {
  type Database,
  type EntryContent,
  findByTitleKeys,
  getTaxonomy,
  issueUrls,
  readContentVersion,
  readNewsletterSettings,
  type Store,
} from "../store/index.ts";
import { readSheetRow } from "./import-rows.ts";
import { absentColumns, importFailed } from "./import-sheet.ts";
import { KeyIndex } from "./key-index.ts";

/** One row of the sheet in a dry run: where it is, what it names, and what importing would do. */
export interface PlannedRow {
  /** The row's number in the sheet, as a spreadsheet shows it (the header is row 1). */
  row: number;
  title: string;
  issue: string;
  /** The entry the row matches (changed and unchanged rows). */
  entryId?: number;
  /** For a changed row: the fields whose values differ (their labels: "Summary", "Year"). */
  fields?: string[];
  /** For a skipped row: why. */
  reason?: string;
}

/**
 * What importing a sheet would do, computed without writing anything: the same matching as
 * importSheet (title and issue; an unsent entry of the same title claimed by a sent row), on
 * the database as it is now.
 */
export interface ImportPlan {
  file: string;
  format: SheetReader["format"];
  rows: number;
  added: PlannedRow[];
  changed: PlannedRow[];
  unchanged: PlannedRow[];
  skipped: PlannedRow[];
  unknownColumns: string[];
  newCategories: string[];
  /** Issue numbers the sheet names that the database does not have yet. */
  newIssues: number[];
  /** The database's content version the plan was computed on (a later confirm can compare). */
  contentVersion: string;
  /** How long computing the plan took (ms). */
  ms: number;
}

/** An entry as matching sees it: stored, or one this plan would add (id undefined). */
type Candidate = { id?: number; issue_label: string; title_key: string } & Partial<EntryContent>;

/**
 * The dry run of importSheet: reads every row, validates it as the import would (any bad row
 * fails the plan with the import's own error, listing each problem), and matches it against
 * the database in memory. It takes no import lease and opens no write transaction, so it
 * never waits for a running import and readers never see anything of it.
 *
 * Rows are matched in sheet order, each seeing the rows before it as already added (the
 * import stages earlier batches before matching later ones, so this is its order too).
 */
export async function planImport(store: Store, reader: SheetReader, file: string): Promise<ImportPlan> {
  const started = performance.now();
  const db = store.db;
  // Read first: a plan compared with a later confirm must not describe a newer database.
  const contentVersion = await readContentVersion(db);
  const prefix = (await readNewsletterSettings(db)).issuePrefix || "AN";
  const plan: ImportPlan = {
    file,
    format: reader.format,
    rows: 0,
    added: [],
    changed: [],
    unchanged: [],
    skipped: [],
    unknownColumns: reader.unknownColumns,
    newCategories: [],
    newIssues: [],
    contentVersion,
    ms: 0,
  };
  const { rows, errors } = await readRows(reader, file, prefix, plan);
  if (errors.length) throw importFailed(errors, file, MAX_ERRORS);

  const keep = absentColumns(reader.fields);
  const byTitle = await candidatesByTitle(db, rows);
  const claimed = new Set<Candidate>();
  for (const { row, content } of rows) {
    const candidates = byTitle.get(content.title_key) ?? [];
    let match = candidates.find((e) => e.issue_label === content.issue_label && !claimed.has(e));
    if (!match && content.issue_label !== "") {
      const unsent = candidates.filter((e) => e.issue_label === "" && !claimed.has(e));
      if (unsent.length === 1) match = unsent[0];
    }
    const at = { row, title: content.title, issue: content.issue_label };
    if (!match) {
      const added: Candidate = { ...content };
      claimed.add(added);
      byTitle.set(content.title_key, [...candidates, added]);
      plan.added.push(at);
      continue;
    }
    claimed.add(match);
    const merged = keep.length
      ? { ...content, ...Object.fromEntries(keep.map((c) => [c, match[c]])) }
      : content;
    const fields = changedFields(match, merged);
    const entry = match.id === undefined ? {} : { entryId: match.id };
    if (fields.length === 0) plan.unchanged.push({ ...at, ...entry });
    else plan.changed.push({ ...at, ...entry, fields });
  }
  await plannedTaxonomyAndIssues(db, rows, plan);
  plan.ms = performance.now() - started;
  return plan;
}

/** Problems collected before the plan gives up (the import's own default). */
const MAX_ERRORS = 20;

interface ReadRow {
  row: number;
  content: EntryContent;
  parsed: ParsedRow;
}

/** Every row, validated as the import validates it; skipped rows go to the plan with a reason. */
async function readRows(reader: SheetReader, file: string, prefix: string, plan: ImportPlan) {
  const rows: ReadRow[] = [];
  const errors: SummaError[] = [];
  const seen = new KeyIndex();
  reading: for await (const batch of rowBatches(reader))
    for (const raw of batch) {
      plan.rows++;
      const reading = readSheetRow(raw, file, prefix, seen);
      if (reading.kind === "blank") {
        plan.skipped.push({ row: raw.row, title: "", issue: "", reason: "blank row" });
        continue;
      }
      if (reading.kind === "invalid") {
        errors.push(reading.error);
        if (errors.length >= MAX_ERRORS) break reading;
        continue;
      }
      const { content } = reading;
      if (reading.kind === "repeat") {
        plan.skipped.push({
          row: raw.row,
          title: content.title,
          issue: content.issue_label,
          reason: reading.reason,
        });
        continue;
      }
      rows.push({ row: raw.row, content, parsed: reading.parsed });
    }
  return { rows, errors };
}

/** The stored entries sharing a title with some row, by title key (what readers see). */
async function candidatesByTitle(db: Kysely<Database>, rows: ReadRow[]): Promise<Map<string, Candidate[]>> {
  const keys = [...new Set(rows.map((r) => r.content.title_key))];
  const byTitle = new Map<string, Candidate[]>();
  for (const e of await findByTitleKeys(db, keys)) {
    const list = byTitle.get(e.title_key) ?? [];
    list.push(e as Candidate);
    byTitle.set(e.title_key, list);
  }
  return byTitle;
}

/** The fields (by label) whose stored and imported values differ; derived keys are not fields. */
function changedFields(stored: Candidate, imported: EntryContent): string[] {
  const a = stored as Record<string, unknown>;
  const b = imported as unknown as Record<string, unknown>;
  return FIELD_SPECS.filter(
    (f) => f.kind !== "issueNumber" && (a[f.column] ?? null) !== (b[f.column] ?? null),
  ).map((f) => f.label);
}

/** The categories and issues importing would create (as importSheet's publishing step would). */
async function plannedTaxonomyAndIssues(db: Kysely<Database>, rows: ReadRow[], plan: ImportPlan) {
  const known = new Set((await getTaxonomy(db)).flatMap((s) => s.categories.map(categoryKey)));
  const fresh = new Map<string, string>();
  for (const { parsed } of rows) {
    const name = parsed.fields.category.trim();
    const key = categoryKey(name);
    if (name !== "" && !known.has(key) && !fresh.has(key)) fresh.set(key, name);
  }
  plan.newCategories = [...fresh.values()];
  const numbers = [
    ...new Set(
      rows.flatMap(({ parsed }) => (parsed.fields.issueNumber === null ? [] : [parsed.fields.issueNumber])),
    ),
  ];
  const existing = await issueUrls(db, numbers);
  plan.newIssues = numbers.filter((n) => !existing.has(n)).sort((x, y) => x - y);
}

/** The plan's figures (what the faces print first). */
export function planCounts(plan: ImportPlan) {
  return {
    added: plan.added.length,
    changed: plan.changed.length,
    unchanged: plan.unchanged.length,
    skipped: plan.skipped.length,
    newIssues: plan.newIssues.length,
  };
}
