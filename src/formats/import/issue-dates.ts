import { SummaError } from "../../domain/errors.ts";
import { isCalendarDate } from "../../domain/issue.ts";
import { issueNumberTyped } from "../../domain/issue-label.ts";

/**
 * An `issue,date` CSV, read: which date each issue gets (`summa issue dates FILE.csv`). Pure: the
 * caller reads the file into rows. The header names the two columns, in any order and case;
 * an issue is written `53`, `#53` or `AN #53`, a date `YYYY-MM-DD`. Every problem is listed at
 * once (up to MAX_PROBLEMS), each naming its row and field; any problem fails the whole file.
 */
export interface IssueDate {
  /** The row in the file, 1-based, the header being row 1. */
  row: number;
  number: number;
  date: string;
}

const MAX_PROBLEMS = 20;

/** The rows that say a date, and what is wrong with the others (the caller refuses the file if anything is). */
export function parseIssueDates(
  rows: readonly string[][],
  file: string,
  prefix: string,
): { dates: IssueDate[]; problems: string[] } {
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  const issueAt = header.indexOf("issue");
  const dateAt = header.indexOf("date");
  if (issueAt < 0 || dateAt < 0)
    throw new SummaError(
      "import.missing_columns",
      `${file}: the first row must name the columns "issue" and "date" (found: ${header.join(", ") || "nothing"})`,
    );
  const problems: string[] = [];
  const out: IssueDate[] = [];
  const seen = new Map<number, number>();
  rows.slice(1).forEach((cells, i) => {
    const row = i + 2;
    if (cells.every((c) => c.trim() === "")) return;
    const issueText = (cells[issueAt] ?? "").trim();
    const date = (cells[dateAt] ?? "").trim();
    const number = /^\d{1,9}$/.test(issueText) ? Number(issueText) : issueNumberTyped(issueText, prefix);
    const before = number === null ? undefined : seen.get(number);
    if (number === null)
      problems.push(`row ${row}, issue: "${issueText}" is not an issue (write 53 or ${prefix} #53)`);
    else if (before !== undefined)
      problems.push(`row ${row}, issue: ${prefix} #${number} is also on row ${before}`);
    if (!isCalendarDate(date)) problems.push(`row ${row}, date: "${date}" is not a date (YYYY-MM-DD)`);
    if (number === null || before !== undefined || !isCalendarDate(date)) return;
    seen.set(number, row);
    out.push({ row, number, date });
  });
  return { dates: out, problems };
}

/** The whole file refused, listing what is wrong with it (at most MAX_PROBLEMS lines). */
export function datesRefused(file: string, problems: readonly string[]): SummaError {
  const shown = problems.slice(0, MAX_PROBLEMS);
  const more = problems.length > shown.length ? `\n  ... and ${problems.length - shown.length} more` : "";
  return new SummaError(
    "import.invalid_value",
    `${file}: ${problems.length} problem${problems.length === 1 ? "" : "s"}; no date was changed.\n  ${shown.join("\n  ")}${more}`,
    { problems: shown },
  );
}
