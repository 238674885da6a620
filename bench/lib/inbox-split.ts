/**
 * The time split that measures the inbox's models on real data (bench/inbox-rank.ts and
 * test/inbox/rank-real.test.ts): the database holds the AN sheet's rows up to an issue (and the
 * unsent ones), the bibliography's items published before a day are the history (an item that
 * matches one of those rows was picked, the rest passed over), and its items published in a
 * later window are the new candidates, positive when they match a row of a later issue.
 * Items without a full date (year-month-day in Zotero's Date) are left out.
 */
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { urlKey } from "../../src/domain/url-key.ts";
import { isSameItem, titleStems } from "../../src/entries/same-item.ts";
import { type Candidate, candidateFromZotero, type Provenance, splitAuthors } from "../../src/inbox/index.ts";

export interface SheetRow {
  title: string;
  url: string;
  authors: string;
  venue: string;
  category: string;
  summary: string;
  read_more: string;
  issue_number: number | null;
  email: string;
}

export function readSheet(path: string): SheetRow[] {
  return JSON.parse(readFileSync(path, "utf8")) as SheetRow[];
}

export function readBibliography(path: string): Candidate[] {
  const records = parse(readFileSync(path, "utf8"), { columns: true, bom: true }) as Record<string, string>[];
  return records.map(candidateFromZotero);
}

export function rowProvenance(row: SheetRow): Provenance {
  return {
    authors: splitAuthors(row.authors),
    venue: row.venue,
    url: row.url,
    text: `${row.title} ${row.title} ${row.summary}`,
  };
}

/** Finds the sheet rows an item is: a shared URL key, or titles that are the same item. */
export class RowMatcher {
  private readonly byKey = new Map<string, number[]>();
  private readonly byStem = new Map<string, number[]>();
  private readonly stems: string[][];

  constructor(readonly rows: readonly SheetRow[]) {
    this.stems = rows.map((r) => titleStems(r.title));
    rows.forEach((row, i) => {
      const links = [row.url, ...(row.read_more.match(/https?:\/\/[^\s)\]]+/g) ?? [])];
      for (const link of links) {
        const key = link ? urlKey(link) : null;
        if (key) this.byKey.set(key, [...(this.byKey.get(key) ?? []), i]);
      }
      for (const s of new Set(this.stems[i])) this.byStem.set(s, [...(this.byStem.get(s) ?? []), i]);
    });
  }

  /** Indexes of the rows that are this item. */
  match(item: Candidate): number[] {
    const found = new Set<number>();
    const key = item.url ? urlKey(item.url) : null;
    for (const i of (key && this.byKey.get(key)) || []) found.add(i);
    // Titles: only rows sharing most stems can pass isSameItem's threshold; confirm with it.
    const mine = new Set(titleStems(item.title));
    const shared = new Map<number, number>();
    for (const s of mine) for (const i of this.byStem.get(s) ?? []) shared.set(i, (shared.get(i) ?? 0) + 1);
    for (const [i, n] of shared)
      if (
        n >= 0.6 * Math.max(mine.size, new Set(this.stems[i]).size) &&
        isSameItem(item.title, this.rows[i]!.title)
      )
        found.add(i);
    return [...found].sort((a, b) => a - b);
  }
}

export interface SplitBounds {
  /** The database: rows of issues up to this one, plus rows with no issue number. */
  lastIssue: number;
  /** History: published before this day. */
  historyBefore: string;
  /** New candidates: published from historyBefore up to this day, included. */
  candidatesUntil: string;
}

export const TEST_SPLIT: SplitBounds = {
  lastIssue: 100,
  historyBefore: "2020-05-01",
  candidatesUntil: "2021-12-31",
};
/**
 * Inside the history only, for choosing hyperparameters: AN #62 went out in August 2019, so the
 * database of the time ended at #61.
 */
export const VALIDATION_SPLIT: SplitBounds = {
  lastIssue: 61,
  historyBefore: "2019-08-01",
  candidatesUntil: "2020-04-30",
};

export interface LabelledCandidate {
  item: Candidate;
  /** Picked (history) or, for a new candidate, summarized after the database's last issue. */
  picked: boolean;
  /** The category of the sheet row it matches, when it does. */
  category: string | null;
}

export interface Split {
  /** The database's rows. */
  database: SheetRow[];
  history: LabelledCandidate[];
  /** Database rows no history item matches: picks for the authors' record. */
  unmatchedEntries: SheetRow[];
  candidates: LabelledCandidate[];
  /** New candidates left out because they match a database row (the inbox says "already summarized"). */
  alreadySummarized: number;
}

export function buildSplit(
  sheet: readonly SheetRow[],
  bibliography: readonly Candidate[],
  bounds: SplitBounds,
): Split {
  const inDatabase = (r: SheetRow) => r.issue_number === null || r.issue_number <= bounds.lastIssue;
  const database = sheet.filter(inDatabase);
  const later = sheet.filter((r) => !inDatabase(r));
  const dbMatcher = new RowMatcher(database);
  const laterMatcher = new RowMatcher(later);
  const history: LabelledCandidate[] = [];
  const candidates: LabelledCandidate[] = [];
  const matchedRows = new Set<number>();
  let alreadySummarized = 0;
  for (const item of bibliography) {
    if (!item.published) continue;
    if (item.published < bounds.historyBefore) {
      const rows = dbMatcher.match(item);
      for (const i of rows) matchedRows.add(i);
      history.push({
        item,
        picked: rows.length > 0,
        category: rows.length ? database[rows[0]!]!.category : null,
      });
    } else if (item.published <= bounds.candidatesUntil) {
      if (dbMatcher.match(item).length > 0) {
        alreadySummarized++;
        continue;
      }
      const rows = laterMatcher.match(item);
      candidates.push({
        item,
        picked: rows.length > 0,
        category: rows.length ? later[rows[0]!]!.category : null,
      });
    }
  }
  const unmatchedEntries = database.filter((_, i) => !matchedRows.has(i));
  return { database, history, unmatchedEntries, candidates, alreadySummarized };
}

/**
 * A second, earlier fold inside the history (AN #40 went out in January 2019): hyperparameters are
 * chosen on the mean of the two folds' AUC, so one period's luck decides less.
 */
export const EARLY_VALIDATION_SPLIT: SplitBounds = {
  lastIssue: 39,
  historyBefore: "2019-01-01",
  candidatesUntil: "2019-07-31",
};

/**
 * The last issue that had surely gone out before a day, from when issues went out: weekly from
 * AN #1 (2018-04-09) through 2018, so AN #39 was the last of 2018; AN #53 in April 2019, AN #62 in
 * August 2019, AN #101 in May 2020. Between anchors the lower issue is taken: a summarized item
 * then looks passed over for a while (label noise), where a later issue would show the model a
 * decision taken after the day (a leak).
 */
const ISSUE_BEFORE: readonly (readonly [string, number])[] = [
  ["2018-08-01", 17],
  ["2018-11-01", 30],
  ["2019-01-01", 39],
  ["2019-02-01", 42],
  ["2019-05-01", 52],
  ["2019-08-01", 61],
  ["2019-11-01", 71],
  ["2020-02-01", 83],
  ["2020-05-01", 100],
];

export function lastIssueBefore(day: string): number {
  let last = 0;
  for (const [d, n] of ISSUE_BEFORE) if (d <= day) last = n;
  if (last === 0) throw new Error(`no issue anchor on or before ${day}`);
  return last;
}

function monthsBefore(day: string, months: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
}

function dayBefore(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * Rolling-origin folds inside a split's history, for choosing settings without its candidates:
 * origins every `stepMonths` back from the history's end, each fold's history before its origin
 * (the database as it was then) and its candidates from the origin to the history's end. The
 * same procedure serves every outer split, so a robustness split chooses its own settings too.
 */
export function rollingFolds(outer: SplitBounds, count = 3, stepMonths = 3): SplitBounds[] {
  const folds: SplitBounds[] = [];
  for (let k = 1; k <= count; k++) {
    const origin = monthsBefore(outer.historyBefore, k * stepMonths);
    folds.push({
      lastIssue: lastIssueBefore(origin),
      historyBefore: origin,
      candidatesUntil: dayBefore(outer.historyBefore),
    });
  }
  return folds;
}

/**
 * A second, earlier outer split, for robustness only (never for choosing): the history before
 * 2019-05-01 with the database to AN #52, candidates 2019-05-01..2020-04-30 (inside the issue
 * split's history, so it is not independent of the issue's own validation folds).
 */
export const EARLY_TEST_SPLIT: SplitBounds = {
  lastIssue: 52,
  historyBefore: "2019-05-01",
  candidatesUntil: "2020-04-30",
};
