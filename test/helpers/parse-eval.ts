import type { Newsletter } from "../../src/domain/issue.ts";
import type { Taxonomy } from "../../src/domain/taxonomy.ts";
import { importFrom } from "../../src/entries/index.ts";
import { knownTitles, parseIssue } from "../../src/formats/parse/index.ts";
import type { IssueView } from "../../src/formats/render/issue-view.ts";
import { loadIssueView } from "../../src/issues/index.ts";
import { loadNewsletter } from "../../src/newsletter/index.ts";
import { listIssues, type Store } from "../../src/store/index.ts";
import { FLAT_WRITERS, type FlatWriter, flattenIssue } from "./flatteners.ts";
import {
  addScores,
  type IssueScore,
  percent,
  SCORED_FIELDS,
  scoreIssue,
  type TotalScore,
} from "./parse-score.ts";
import { fastestRunSync } from "./timing.ts";

/**
 * The flat-text parser measured on every issue of the real sheet: each writer's flattened
 * copy, parsed with a taxonomy, scored strictly (parse-score.ts). Shared by the real-data test
 * and bench/parse-accuracy.ts, so the figures the README quotes are the ones the test asserts.
 */
export interface Evaluation {
  writer: string;
  taxonomy: string;
  total: TotalScore;
  /** Issues not read exactly, with their first misses. */
  wrong: { label: string; score: IssueScore }[];
  /** The slowest issue's parse, in milliseconds. */
  slowestMs: number;
  formats: Record<string, number>;
}

/** The same sections, in the opposite order: an issue's headings then go against the taxonomy's order. */
export function reversedSections(taxonomy: Taxonomy): Taxonomy {
  return [...taxonomy].reverse();
}

/**
 * Which of an issue's own titles the archive is taken to know (a backfill over a partly
 * imported archive): none, every other entry's, or all of them.
 */
/** The sheet at `file` imported into `store` (empty), then every issue's view and the newsletter. */
export async function loadSheetIssues(
  store: Store,
  file: string,
): Promise<{ views: IssueView[]; newsletter: Newsletter }> {
  await importFrom(store, file);
  const views: IssueView[] = [];
  for (const issue of await listIssues(store.db)) views.push(await loadIssueView(store, issue.number));
  return { views, newsletter: await loadNewsletter(store) };
}

export type KnownShare = "none" | "half" | "all";

function knownOf(entries: { title: string }[], share: KnownShare): ReadonlySet<string> | undefined {
  if (share === "none") return undefined;
  return knownTitles(entries.filter((_, i) => share === "all" || i % 2 === 0).map((e) => e.title));
}

/**
 * A real issue parses in under 100 ms alone; one that took longer is timed again (the fastest of
 * up to 3 runs counts), so that a stall of a loaded machine is not taken for the parser's time.
 */
const RETIME_OVER_MS = 250;

export function evaluateFlatParsing(
  views: IssueView[],
  taxonomies: { name: string; taxonomy: Taxonomy }[],
  newsletter: Newsletter,
  writers: FlatWriter[] = FLAT_WRITERS,
  known: KnownShare = "none",
): Evaluation[] {
  const out: Evaluation[] = [];
  for (const writer of writers) {
    const copies = views.map((v) => ({ label: v.label, copy: flattenIssue(v, writer) }));
    for (const { name, taxonomy } of taxonomies) {
      const scores: IssueScore[] = [];
      const wrong: Evaluation["wrong"] = [];
      const formats: Record<string, number> = {};
      let slowestMs = 0;
      for (const { label, copy } of copies) {
        const { result: parsed, ms } = fastestRunSync(
          () => parseIssue(copy.text, taxonomy, newsletter, { knownTitles: knownOf(copy.entries, known) }),
          RETIME_OVER_MS,
        );
        slowestMs = Math.max(slowestMs, ms);
        formats[parsed.format] = (formats[parsed.format] ?? 0) + 1;
        const score = scoreIssue(copy.entries, parsed);
        scores.push(score);
        if (!score.exactEntries || score.fullyRight < score.entries) wrong.push({ label, score });
      }
      out.push({ writer: writer.name, taxonomy: name, total: addScores(scores), wrong, slowestMs, formats });
    }
  }
  return out;
}

/** The per-field table, one row per writer and taxonomy, in percent of entries. */
export function accuracyTable(results: Evaluation[]): string {
  const head = ["writer", "taxonomy", ...SCORED_FIELDS, "fully right", "issues exact", "slowest ms"];
  const rows = results.map((r) => {
    const t = r.total;
    return [
      r.writer,
      r.taxonomy,
      ...SCORED_FIELDS.map((f) => percent(t.fields[f], t.entries).toFixed(1)),
      `${percent(t.fullyRight, t.entries).toFixed(1)} (${t.fullyRight}/${t.entries})`,
      `${percent(t.exactIssues, t.issues).toFixed(1)} (${t.exactIssues}/${t.issues})`,
      r.slowestMs.toFixed(0),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
