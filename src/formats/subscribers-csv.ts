import { SummaError } from "../domain/errors.ts";
import {
  type Edition,
  type SubscriberStatus,
  validateEmail,
  validateName,
} from "../domain/subscriber-input.ts";

/**
 * Subscriber lists as CSV, pure functions. Reads a Mailchimp audience export (its zip holds
 * subscribed_members_export_*.csv, unsubscribed_... and cleaned_...; columns "Email Address",
 * "First Name", "Last Name", MEMBER_RATING, OPTIN_TIME, OPTIN_IP, CONFIRM_TIME, CONFIRM_IP, ...,
 * LAST_CHANGED, and UNSUB_TIME or CLEAN_TIME in the last two: both are kept, as unsubscribed_at
 * and suppressed_at, for the weekly figures) and Summa's own export, whose
 * columns are below. Column names match loosely: case, spaces and punctuation don't matter.
 */
export const EXPORT_COLUMNS = [
  "Email Address",
  "Name",
  "Status",
  "Edition",
  "Opt-in Time",
  "Confirm Time",
  "Unsubscribe Time",
  "Suppressed Reason",
  "Source",
  "Created",
  "Suppressed Time",
] as const;

type Field =
  | "email"
  | "name"
  | "first"
  | "last"
  | "status"
  | "edition"
  | "consent"
  | "confirmed"
  | "unsubscribed"
  | "reason"
  | "suppressed"
  | "source"
  | "created";

const ALIASES: Record<string, Field> = {
  emailaddress: "email",
  email: "email",
  name: "name",
  fullname: "name",
  firstname: "first",
  fname: "first",
  lastname: "last",
  lname: "last",
  status: "status",
  edition: "edition",
  optintime: "consent",
  consenttime: "consent",
  confirmtime: "confirmed",
  unsubtime: "unsubscribed",
  unsubscribetime: "unsubscribed",
  suppressedreason: "reason",
  // Mailchimp's cleaned file dates each address's cleaning; Summa's export calls it so.
  cleantime: "suppressed",
  suppressedtime: "suppressed",
  source: "source",
  created: "created",
};

/** Which column holds which field (first occurrence wins). */
export type ColumnMap = Partial<Record<Field, number>>;

const key = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, "");

/** The columns Summa reads; a file without an email column is refused. */
export function mapColumns(header: readonly string[], file: string): ColumnMap {
  const map: ColumnMap = {};
  header.forEach((h, i) => {
    const field = ALIASES[key(h)];
    if (field && map[field] === undefined) map[field] = i;
  });
  if (map.email === undefined)
    throw new SummaError(
      "import.missing_columns",
      `${file}: no "Email Address" column (the columns are: ${header.slice(0, 12).join(", ")})`,
    );
  return map;
}

const STATUS_WORDS: Record<string, SubscriberStatus> = {
  subscribed: "active",
  active: "active",
  unsubscribed: "unsubscribed",
  cleaned: "suppressed",
  suppressed: "suppressed",
  pending: "pending",
  paused: "paused",
};

/** A status as Mailchimp or Summa writes it ("subscribed", "cleaned", "active"...), or null. */
export function parseStatus(value: string): SubscriberStatus | null {
  return STATUS_WORDS[value.trim().toLowerCase()] ?? null;
}

/** Mailchimp names each file of its export by status: subscribed_members_export_4f2a.csv. */
export function statusFromFileName(path: string): SubscriberStatus | null {
  const base = path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1).toLowerCase();
  const m = /^(subscribed|unsubscribed|cleaned)_/.exec(base);
  return m ? parseStatus(m[1]!) : null;
}

/**
 * A time as an ISO string. Mailchimp writes "2019-04-10 12:34:56" in UTC; Summa writes ISO
 * 8601; a bare date is midnight UTC. Empty is null; anything else is undefined (a bad value).
 */
export function parseTime(value: string): string | null | undefined {
  const v = value.trim();
  if (v === "") return null;
  let text = v;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) text = `${v}T00:00:00Z`;
  else if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(v)) text = `${v.replace(" ", "T")}Z`;
  else if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v)) return undefined;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/**
 * One row as read. A field is undefined when the file has no column for it: an import then
 * leaves that field as it is on a known address (a partial file changes only what it has).
 */
export interface SubscriberRecord {
  email: string;
  status: SubscriberStatus;
  name?: string;
  edition?: Edition;
  consentAt?: string | null;
  confirmedAt?: string | null;
  unsubscribedAt?: string | null;
  suppressedReason?: string;
  suppressedAt?: string | null;
  source?: string;
  createdAt?: string | null;
}

/** Where a row is, for messages: "subscribed.csv, row 14, column "OPTIN_TIME"". */
export interface RowProblem {
  file: string;
  row: number;
  column?: string;
  message: string;
}

/**
 * Reads one data row. Its status is `status.given` (--status) when set, else the row's Status
 * column, else `status.fromName` (the file's name). Problems are returned, all of them.
 */
export function readSubscriberRow(
  cells: readonly string[],
  header: readonly string[],
  map: ColumnMap,
  where: { file: string; row: number },
  status: { given: SubscriberStatus | null; fromName: SubscriberStatus | null },
): SubscriberRecord | RowProblem[] {
  const problems: RowProblem[] = [];
  const problem = (field: Field, message: string) =>
    problems.push({ ...where, column: header[map[field]!], message });
  const cell = (field: Field) => (map[field] === undefined ? undefined : (cells[map[field]!] ?? ""));

  let name = cell("name");
  if (name === undefined && (map.first !== undefined || map.last !== undefined))
    name = [cell("first") ?? "", cell("last") ?? ""]
      .map((s) => s.trim())
      .filter(Boolean)
      .join(" ");
  let email = "";
  try {
    email = validateEmail(cell("email") ?? "");
  } catch (err) {
    problem("email", (err as Error).message);
  }
  try {
    if (name !== undefined) name = validateName(name);
  } catch (err) {
    problem(map.name !== undefined ? "name" : "first", (err as Error).message);
  }

  let rowStatus = status.given;
  const statusCell = cell("status")?.trim() ?? "";
  if (!rowStatus && statusCell !== "") {
    rowStatus = parseStatus(statusCell);
    if (!rowStatus)
      problem(
        "status",
        `"${statusCell}" is not a status (subscribed, unsubscribed, cleaned, pending, paused; or active, suppressed)`,
      );
  } else if (!rowStatus) {
    rowStatus = status.fromName;
    if (!rowStatus)
      problems.push({
        ...where,
        ...(map.status !== undefined ? { column: header[map.status] } : {}),
        message:
          "no status: fill the Status column, keep Mailchimp's file name (subscribed_..., unsubscribed_..., cleaned_...), or pass --status",
      });
  }

  const edition = cell("edition")?.trim().toLowerCase();
  if (edition !== undefined && edition !== "" && edition !== "full" && edition !== "highlights")
    problem("edition", `"${edition}" is not an edition (full or highlights)`);

  const time = (field: Field) => {
    const raw = cell(field);
    if (raw === undefined) return undefined;
    const parsed = parseTime(raw);
    if (parsed === undefined) problem(field, `"${raw}" is not a time (e.g. 2019-04-10 12:34:56, in UTC)`);
    return parsed ?? null;
  };
  const record: SubscriberRecord = {
    email,
    status: rowStatus ?? "pending",
    name,
    edition: edition ? (edition as Edition) : undefined,
    consentAt: time("consent"),
    confirmedAt: time("confirmed"),
    unsubscribedAt: time("unsubscribed"),
    suppressedReason: cell("reason")?.trim(),
    suppressedAt: time("suppressed"),
    source: cell("source")?.trim(),
    createdAt: time("created"),
  };
  return problems.length ? problems : record;
}

/** A stored subscriber as an export row, in EXPORT_COLUMNS order. */
export function exportRow(s: {
  email: string;
  name: string;
  status: SubscriberStatus;
  edition: Edition;
  consent_at: string | null;
  confirmed_at: string | null;
  unsubscribed_at: string | null;
  suppressed_reason: string;
  suppressed_at: string | null;
  source: string;
  created_at: string;
}): string[] {
  return [
    s.email,
    s.name,
    s.status,
    s.edition,
    s.consent_at ?? "",
    s.confirmed_at ?? "",
    s.unsubscribed_at ?? "",
    s.suppressed_reason,
    s.source,
    s.created_at,
    s.suppressed_at ?? "",
  ];
}
