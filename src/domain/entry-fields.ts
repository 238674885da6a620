import { type Author, formatAuthors, parseAuthors } from "./authors.ts";
import { formatSummarizers, parseSummarizers } from "./summarizers.ts";

/**
 * The entry's fields, listed once. Everything that names an entry's fields derives from this
 * table: the domain type (EntryFields), the stored columns (store/schema.ts), the sheet's
 * columns and headers (import), the export columns (CSV, JSON, xlsx), the API's request
 * validation, its OpenAPI description and its JSON, and the desk form. Adding a field means a
 * row here, a migration adding its column, and whatever page should show it specially.
 */
export type { Author };

/**
 * What a field holds, which decides how every layer reads and writes it:
 *   line        one line of text (trimmed when typed)
 *   markdown    Markdown text, several lines (line endings normalized when typed)
 *   category    a line naming a category of the taxonomy
 *   url         an http(s) address; `linkOf` names the field whose sheet cell carries it as a hyperlink
 *   boolean     yes or no ("Highlight" in the sheet's cell)
 *   year        a four-digit year, or none
 *   authors     people with equal-contribution marks ("A*, B and C" in a cell)
 *   people      names ("Rohin/Robert" in a cell)
 *   issueLabel  the issue it went out in, verbatim ("AN #53", "Recon #4", "N/A")
 *   issueNumber derived from the label, never typed or imported
 */
export type FieldKind =
  | "line"
  | "markdown"
  | "category"
  | "url"
  | "boolean"
  | "year"
  | "authors"
  | "people"
  | "issueLabel"
  | "issueNumber";

/** The kinds that are text wherever they are: domain, column, export, input. */
interface TextKinds {
  line: string;
  markdown: string;
  category: string;
  url: string;
  issueLabel: string;
}

/** The value a kind has in the domain (Entry). */
export interface KindValue extends TextKinds {
  boolean: boolean;
  year: number | null;
  authors: Author[];
  people: string[];
  issueNumber: number | null;
}

/** The value a kind has in a database column (0/1 for booleans on both dialects; lists as the sheet spells them). */
export type KindColumn = Omit<KindValue, "boolean" | "authors" | "people"> & {
  boolean: number;
  authors: string;
  people: string;
};

/** The value a kind has in an export record (CSV, JSON): lists as the sheet spells them. */
export type KindExport = Omit<KindColumn, "boolean"> & { boolean: boolean };

export interface FieldSpec {
  /** The domain's and the API's name (camelCase). */
  readonly name: string;
  /** The database column. */
  readonly column: string;
  /** The export's and the CSV's column when it is not `column` (the sheet calls the issue "email"). */
  readonly sheet?: string;
  /** The AN sheet's header text, for the fields the sheet has a column for. */
  readonly header?: string;
  /** Other spellings of the header an import accepts (compared without case or punctuation). */
  readonly aliases?: readonly string[];
  /** What a person calls it (form labels, messages). */
  readonly label: string;
  readonly kind: FieldKind;
  /** For a url: the field whose sheet cell carries this address as its hyperlink. */
  readonly linkOf?: string;
  /** An import's header must have this column. */
  readonly required?: boolean;
  /** Typed on the desk and through the API (false: derived or set by the workflow). */
  readonly input: boolean;
  /** An issue's text says it, so importing an issue sets it (false: only the sheet knows it). */
  readonly inIssues: boolean;
  /**
   * A text that may hold links and <@cross-references@> to other entries: they are indexed (what
   * "has this been summarized?" and "linked from" read), with the field's link cell.
   */
  readonly carriesLinks?: boolean;
  /** One sentence for the form's hint and the API's description. */
  readonly hint?: string;
  /**
   * The most characters a text field holds, on every path in (desk, API, import; see
   * field-checks.ts): a bound on what one row costs, and on what an index row holds. Generous
   * against the real sheet (its longest title has 482, summary 21,751, authors 1,709).
   */
  readonly maxLength?: number;
  /** Part of the entry's key (the normalized title): its normalized form must fit an index row. */
  readonly key?: boolean;
}

/** The fields in the AN sheet's column order (which exports keep). */
export const ENTRY_FIELDS = [
  {
    name: "category",
    column: "category",
    header: "Category",
    label: "Category",
    kind: "category",
    required: true,
    input: true,
    inIssues: true,
    hint: "The subsection (the sheet's Category), as the entry spells it; a category of the taxonomy.",
    maxLength: 200,
  },
  {
    name: "highlight",
    column: "highlight",
    header: "Highlight?",
    label: "Highlight",
    kind: "boolean",
    required: true,
    input: true,
    inIssues: true,
    hint: "Shown first in the issue.",
  },
  {
    name: "title",
    column: "title",
    header: "Title",
    label: "Title",
    kind: "line",
    required: true,
    input: true,
    inIssues: true,
    hint: "Required; at most 500 characters.",
    maxLength: 500,
    key: true,
  },
  {
    name: "url",
    column: "url",
    aliases: ["title url", "link"],
    label: "URL",
    kind: "url",
    linkOf: "title",
    input: true,
    inIssues: true,
    hint: "The paper or post (http or https).",
    maxLength: 2000,
  },
  {
    name: "authors",
    column: "authors",
    header: "Authors",
    label: "Authors",
    kind: "authors",
    required: true,
    input: true,
    inIssues: true,
    hint: 'As the sheet writes them: "Ada Lovelace*, Alan Turing".',
    maxLength: 10_000,
  },
  {
    name: "venue",
    column: "venue",
    header: "Venue",
    label: "Venue",
    kind: "line",
    required: true,
    input: true,
    inIssues: false,
    maxLength: 500,
  },
  {
    name: "venueUrl",
    column: "venue_url",
    label: "Venue URL",
    kind: "url",
    linkOf: "venue",
    input: true,
    inIssues: false,
    maxLength: 2000,
  },
  {
    name: "year",
    column: "year",
    header: "Year",
    label: "Year",
    kind: "year",
    input: true,
    inIssues: false,
    hint: "Publication year, when known.",
  },
  {
    name: "hatTip",
    column: "hat_tip",
    header: "H/T",
    aliases: ["ht", "hat tip"],
    label: "H/T",
    kind: "line",
    required: true,
    input: true,
    inIssues: false,
    hint: "Who pointed you to it.",
    maxLength: 500,
  },
  {
    name: "issueLabel",
    column: "issue_label",
    sheet: "email",
    header: "Email",
    aliases: ["issue"],
    label: "Issue",
    kind: "issueLabel",
    required: true,
    input: false,
    inIssues: true,
    hint: 'As the sheet writes it: "AN #53", "Recon #4", "N/A".',
    maxLength: 100,
  },
  {
    name: "issueNumber",
    column: "issue_number",
    label: "Issue number",
    kind: "issueNumber",
    input: false,
    inIssues: true,
    hint: "The issue number when the label is the newsletter's own.",
  },
  {
    name: "issueUrl",
    column: "issue_url",
    aliases: ["email url"],
    label: "Issue URL",
    kind: "url",
    linkOf: "issueLabel",
    input: false,
    inIssues: true,
    hint: "Where the issue was published.",
    maxLength: 2000,
  },
  {
    name: "summarizers",
    column: "summarizer",
    header: "Summarizer",
    aliases: ["summarizers"],
    label: "Summarized by",
    kind: "people",
    required: true,
    input: true,
    inIssues: true,
    hint: 'Joint credit: "Rohin/Robert". Empty: you.',
    maxLength: 500,
  },
  {
    name: "summary",
    column: "summary",
    header: "Summary",
    label: "Summary",
    kind: "markdown",
    required: true,
    input: true,
    inIssues: true,
    carriesLinks: true,
    hint: "Markdown. Type <@ to link an earlier entry: <@Its title@>.",
    maxLength: 100_000,
  },
  {
    name: "opinion",
    column: "opinion",
    header: "My opinion",
    label: "Opinion",
    kind: "markdown",
    required: true,
    input: true,
    inIssues: true,
    carriesLinks: true,
    hint: "Markdown; <@ links an earlier entry.",
    maxLength: 100_000,
  },
  {
    name: "prerequisites",
    column: "prerequisites",
    header: "Prerequisites",
    label: "Prerequisites",
    kind: "line",
    required: true,
    input: true,
    inIssues: true,
    carriesLinks: true,
    hint: "What to read first.",
    maxLength: 5000,
  },
  {
    name: "prerequisitesUrl",
    column: "prerequisites_url",
    label: "Prerequisites URL",
    kind: "url",
    linkOf: "prerequisites",
    input: true,
    inIssues: false,
    maxLength: 2000,
  },
  {
    name: "readMore",
    column: "read_more",
    header: "Read more",
    label: "Read more",
    kind: "line",
    required: true,
    input: true,
    inIssues: true,
    carriesLinks: true,
    hint: "Further reading.",
    maxLength: 5000,
  },
  {
    name: "readMoreUrl",
    column: "read_more_url",
    label: "Read more URL",
    kind: "url",
    linkOf: "readMore",
    input: true,
    inIssues: false,
    maxLength: 2000,
  },
] as const satisfies readonly FieldSpec[];

type Spec = (typeof ENTRY_FIELDS)[number];
type SheetName<F extends Spec> = F extends { sheet: infer S extends string } ? S : F["column"];

/** An entry's content, as the domain holds it. */
export type EntryFields = { -readonly [F in Spec as F["name"]]: KindValue[F["kind"]] };
export type EntryFieldName = Spec["name"];
/** The entry's content columns, as the database stores them. */
export type EntryFieldColumns = { [F in Spec as F["column"]]: KindColumn[F["kind"]] };
/** The entry's content, as an export record names it (CSV and JSON columns). */
export type EntryFieldRecord = { [F in Spec as SheetName<F>]: KindExport[F["kind"]] };
/** A field's name in a sheet or an export (snake_case; "email" for the issue). */
export type SheetFieldName = SheetName<Spec>;
/** What a form or the API sends for a kind: text as typed ("A*, B and C", "Rohin/Robert"), except yes/no and a year (or empty for none). */
export type KindInput = Omit<KindExport, "year" | "issueNumber"> & {
  year: string | number | null;
  issueNumber: never;
};

/** The fields a person types (input: true), as a form or the API sends them; all optional. */
export type EntryFieldInput = {
  -readonly [F in Extract<Spec, { input: true }> as F["name"]]?: KindInput[F["kind"]];
};

/** The columns of the texts that carry links (carriesLinks). */
export type LinkCarrierColumn = Extract<Spec, { carriesLinks: true }>["column"];
/** The sheet columns an import reads: all but the derived issue number. */
export type ImportedFieldName = SheetName<Exclude<Spec, { kind: "issueNumber" }>>;

/** A field's CSV/export column. */
export function sheetName(f: FieldSpec): string {
  return f.sheet ?? f.column;
}

/**
 * The table as plain field descriptions, for code that walks it (ENTRY_FIELDS keeps its literal
 * types for the type-level derivations above; iterating it would hand out a union of 19 types).
 */
export const FIELD_SPECS: readonly FieldSpec[] = ENTRY_FIELDS;

/** The texts that may hold links and <@cross-references@> (carriesLinks), in the table's order. */
export const LINK_CARRIERS: readonly FieldSpec[] = FIELD_SPECS.filter((f) => f.carriesLinks);

/** The field a sheet or export column names (its snake_case name, "email" for the issue). */
export function fieldBySheetName(
  name: string,
  fields: readonly FieldSpec[] = FIELD_SPECS,
): FieldSpec | undefined {
  return fields.find((f) => sheetName(f) === name);
}

/** The url field whose hyperlink a field's cell carries (title -> url), if any. */
export function linkFieldOf(
  f: FieldSpec,
  fields: readonly FieldSpec[] = ENTRY_FIELDS,
): FieldSpec | undefined {
  return fields.find((x) => x.linkOf === f.name);
}

/** A kind's empty value: what a new entry has. */
export function emptyValue(kind: FieldKind): unknown {
  switch (kind) {
    case "boolean":
      return false;
    case "year":
    case "issueNumber":
      return null;
    case "authors":
    case "people":
      return [];
    default:
      return "";
  }
}

/** A domain value as one cell's text, the way the sheet writes it ("A*, B", "Rohin/Robert", "2019"). */
export function valueAsText(kind: FieldKind, value: unknown): string {
  switch (kind) {
    case "authors":
      return formatAuthors(value as Author[]);
    case "people":
      return formatSummarizers(value as string[]);
    case "boolean":
      return value ? "true" : "false";
    case "year":
    case "issueNumber":
      return value === null || value === undefined ? "" : String(value);
    default:
      return String(value ?? "");
  }
}

/** The inverse of valueAsText for the list kinds; other kinds are checked where they are read. */
export function listFromText(kind: "authors" | "people", text: string): Author[] | string[] {
  return kind === "authors" ? parseAuthors(text) : parseSummarizers(text);
}

/** A domain value as its database column. */
export function valueAsColumn(kind: FieldKind, value: unknown): unknown {
  switch (kind) {
    case "boolean":
      return value ? 1 : 0;
    case "authors":
    case "people":
      return valueAsText(kind, value);
    default:
      return value;
  }
}

/** A database column as its domain value. */
export function columnAsValue(kind: FieldKind, column: unknown): unknown {
  switch (kind) {
    case "boolean":
      return Boolean(column);
    case "authors":
    case "people":
      return listFromText(kind, String(column ?? ""));
    default:
      return column;
  }
}

/** A domain value as an export record's value (lists spelled as the sheet does). */
export function valueAsExport(kind: FieldKind, value: unknown): unknown {
  return kind === "authors" || kind === "people" ? valueAsText(kind, value) : value;
}
