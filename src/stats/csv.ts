import type { ContentFigures } from "./content.ts";
import type { Numbers } from "./load.ts";

/**
 * The numbers as CSV tables, one per series, pure. Unlike the entry and subscriber exports
 * (data meant to be imported back, written as is), these are read in spreadsheets and never
 * imported: a text cell starting with =, +, -, @, tab or carriage return (a name from the sheet
 * such as a venue) gets a leading apostrophe so no spreadsheet runs it as a formula (OWASP's
 * CSV injection advice). Numbers are written as numbers, negative ones included.
 */
export type CsvTable = { name: string; header: string[]; rows: (string | number | null)[][] };

/** A cell as CSV text: quoted when needed, formulas defused. */
export function csvCell(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A table as CSV text with CRLF line ends (RFC 4180). */
export function toCsv(table: CsvTable): string {
  return [table.header, ...table.rows].map((r) => `${r.map(csvCell).join(",")}\r\n`).join("");
}

const round = (n: number | null, digits = 4) => (n === null ? null : Number(n.toFixed(digits)));

function periodTables(name: string, periods: ContentFigures[]): CsvTable[] {
  const each = (fn: (p: ContentFigures) => (string | number | null)[][]) => periods.flatMap(fn);
  return [
    {
      name: `content-${name}`,
      header: [
        "period",
        "first_issue",
        "last_issue",
        "issues",
        "entries",
        "summarized",
        "words_summarized",
        "opinion_words",
        "with_opinion",
        "highlights",
        "highlights_share",
        "uncredited",
        "median_summary_words",
        "median_opinion_words",
      ],
      rows: periods.map((p) => [
        p.period,
        p.firstIssue,
        p.lastIssue,
        p.issues,
        p.entries,
        p.summarized,
        p.wordsSummarized,
        p.opinionWords,
        p.withOpinion,
        p.highlights,
        round(p.highlightsShare),
        p.uncredited,
        p.medianSummaryWords,
        p.medianOpinionWords,
      ]),
    },
    {
      name: `summarizers-${name}`,
      header: ["period", "summarizer", "entries"],
      rows: each((p) => p.summarizers.map((s) => [p.period, s.name, s.entries])),
    },
    {
      name: `categories-${name}`,
      header: ["period", "section", "category", "entries"],
      rows: each((p) => p.categories.map((c) => [p.period, c.section, c.name, c.entries])),
    },
    {
      name: `venues-${name}`,
      header: ["period", "venue", "entries"],
      rows: each((p) => p.venues.map((v) => [p.period, v.name, v.entries])),
    },
    {
      name: `cited-${name}`,
      header: ["period", "title", "issue", "citations"],
      rows: each((p) => p.mostCited.map((c) => [p.period, c.title, c.issueNumber, c.citations])),
    },
  ];
}

/** Every series of the numbers as CSV tables (the reader series only when loaded). */
export function numbersTables(numbers: Numbers): CsvTable[] {
  const r = numbers.retrospective;
  const tables: CsvTable[] = [
    ...periodTables("overall", [r.overall]),
    ...periodTables("by-year", r.byYear),
    ...periodTables("by-volume", r.byVolume),
  ];
  if (numbers.subscribers)
    tables.push({
      name: "subscribers-weekly",
      header: ["week", "start", "confirmed", "unsubscribed", "bounced", "complained", "net"],
      rows: numbers.subscribers.weeks.map((w) => [
        w.week,
        w.start,
        w.confirmed,
        w.unsubscribed,
        w.bounced,
        w.complained,
        w.net,
      ]),
    });
  if (numbers.sends)
    tables.push({
      name: "sends",
      header: [
        "issue",
        "status",
        "send_at",
        "sent",
        "failed",
        "bounced",
        "bounced_hard",
        "bounced_soft",
        "complaints",
        "unsubscribes",
      ],
      rows: numbers.sends.map((s) => [
        s.issueNumber,
        s.status,
        s.sendAt,
        s.sent,
        s.failed,
        s.bounced,
        s.bouncedHard,
        s.bouncedSoft,
        s.complaints,
        s.unsubscribes,
      ]),
    });
  return tables;
}
