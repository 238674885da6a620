/**
 * Errors a person can act on: a stable code for scripts and a message naming what and where.
 * One place per face maps them: cli/errors.ts to exit codes, web/http-errors.ts to HTTP statuses.
 */
export type ErrorCode =
  | "import.unreadable"
  | "import.unknown_format"
  | "import.missing_columns"
  | "import.invalid_value"
  | "import.fetch_failed"
  | "import.too_large"
  | "import.bad_encoding"
  | "import.busy"
  /** A desk import's confirm no longer matches its dry run (expired, file or database changed). */
  | "import.stale_preview"
  /** Paper metadata (src/metadata): the address is not arXiv/DOI, or the catalogue failed. */
  | "metadata.unrecognized"
  | "metadata.not_found"
  | "metadata.timeout"
  | "metadata.malformed"
  | "metadata.too_large"
  | "metadata.fetch_failed"
  | "export.unknown_format"
  | "export.failed"
  | "search.invalid_query"
  | "config.invalid"
  /** A setting the operation needs is not set yet (the site answers 503 until it is). */
  | "config.incomplete"
  | "config.missing_database"
  | "store.busy"
  | "taxonomy.invalid"
  | "input.invalid"
  | "input.malformed"
  | "auth.required"
  | "auth.invalid_credentials"
  | "auth.rate_limited"
  | "download.rate_limited"
  | "auth.forbidden"
  | "auth.csrf"
  | "conflict"
  /** A save named an entry version another save has replaced (see entries/edit-entry.ts). */
  | "entry.conflict"
  /** A review step the entry's state or the user's role does not allow (domain/review.ts). */
  | "review.invalid_transition"
  | "not_found"
  | "server.busy"
  /** A survey definition with problems (details.problems lists each, naming its question and field). */
  | "survey.invalid"
  /** The survey is closed (or not open yet): it takes no responses. */
  | "survey.closed"
  /** A candidate source (src/inbox/sources): its answer or file cannot be read as its kind (details: source, position). */
  | "source.malformed"
  /** A candidate source's text is not in the encoding it declares (or one Summa can decode). */
  | "source.bad_encoding"
  /** A candidate source's server failed, refused or stayed busy after the retries. */
  | "source.fetch_failed"
  /** A candidate source's answer is larger than the limit. */
  | "source.too_large";

export class SummaError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "SummaError";
  }
}

/** Where in an input file a problem is: file, row (1-based, as a spreadsheet shows it), column. */
export interface Location {
  file?: string;
  row?: number;
  column?: string;
}

export function describeLocation(loc: Location): string {
  const parts: string[] = [];
  if (loc.file) parts.push(loc.file);
  if (loc.row !== undefined) parts.push(`row ${loc.row}`);
  if (loc.column) parts.push(`column "${loc.column}"`);
  return parts.join(", ");
}

export function invalidValue(loc: Location, problem: string): SummaError {
  return new SummaError("import.invalid_value", `${describeLocation(loc)}: ${problem}`, { ...loc });
}

/** A file that could not be read, as a message a person can act on ("no such file"). */
export function unreadableFile(path: string, err: unknown): SummaError {
  const code = (err as { code?: string }).code;
  return new SummaError(
    "import.unreadable",
    code === "ENOENT" ? `${path}: no such file` : `${path}: cannot be read (${code ?? String(err)})`,
  );
}
