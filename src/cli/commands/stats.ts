import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Command, InvalidArgumentError } from "commander";
import { SummaError } from "../../domain/errors.ts";
import { databaseTotals } from "../../entries/index.ts";
import { type ContentFigures, loadNumbers, type Numbers, numbersTables, toCsv } from "../../stats/index.ts";
import { withStore } from "../context.ts";
import { renderTable as columns } from "../table.ts";

/** A text table from a header and rows of cells (the first column left-aligned, the rest right). */
function renderTable(header: string[], rows: string[][]): string {
  return columns(
    rows,
    header.map((h, i) => ({
      header: h,
      value: (r: string[]) => r[i] ?? "",
      ...(i === 0 ? { flex: true } : { align: "right" as const }),
    })),
    process.stdout.columns,
  );
}

function year(value: string): number {
  if (!/^\d{4}$/.test(value.trim()))
    throw new InvalidArgumentError(`expected a year such as 2019, got "${value}"`);
  return Number(value);
}

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

/** The content figures of some periods as one text table. */
function periodsTable(periods: readonly ContentFigures[]): string {
  return renderTable(
    [
      "period",
      "issues",
      "entries",
      "summary words",
      "opinion words",
      "highlights",
      "median summary",
      "median opinion",
    ],
    periods.map((p) => [
      p.period,
      String(p.issues),
      String(p.entries),
      String(p.wordsSummarized),
      String(p.opinionWords),
      `${p.highlights} (${pct(p.highlightsShare)})`,
      String(p.medianSummaryWords ?? "-"),
      String(p.medianOpinionWords ?? "-"),
    ]),
  );
}

/** What `summa stats` prints without --json: the figures a person reads first. */
function numbersText(n: Numbers, head: string): string {
  const r = n.retrospective;
  const parts = [
    head,
    "",
    "Content (words summarized count summaries only; opinions apart)",
    periodsTable([r.overall]),
  ];
  if (n.yearFigures) parts.push(`\n${n.year}`, periodsTable([n.yearFigures]));
  else if (n.year === null) {
    if (r.byYear.length) parts.push("\nBy year", periodsTable(r.byYear));
    if (r.byVolume.length) parts.push("\nBy 52 issues", periodsTable(r.byVolume));
  } else parts.push(`\nNo dated issue in ${n.year}.`);
  const f = n.yearFigures ?? r.overall;
  if (f.summarizers.length)
    parts.push(
      "\nSummarizers",
      renderTable(
        ["summarizer", "entries"],
        f.summarizers.map((s) => [s.name, String(s.entries)]),
      ),
    );
  if (f.mostCited.length)
    parts.push(
      "\nMost cross-referenced",
      renderTable(
        ["entry", "issue", "cited by"],
        f.mostCited.map((c) => [c.title, `#${c.issueNumber}`, String(c.citations)]),
      ),
    );
  if (n.subscribers) {
    const t = n.subscribers.totals;
    parts.push(
      `\nSubscribers: ${t.net} on the list; ${t.confirmed} confirmed, ${t.unsubscribed} unsubscribed, ${t.bounced} bounced, ${t.complained} complained (${n.subscribers.weeks.length} weeks)`,
    );
  }
  if (n.sends?.length)
    parts.push(
      "\nSends",
      renderTable(
        ["issue", "sent", "failed", "bounced", "complaints", "unsubscribes"],
        n.sends.map((s) => [
          `#${s.issueNumber}`,
          String(s.sent),
          String(s.failed),
          String(s.bounced),
          String(s.complaints),
          String(s.unsubscribes),
        ]),
      ),
    );
  return `${parts.join("\n")}\n`;
}

/** `summa stats [--year Y] [--csv DIR]`: every series of the numbers (--json: all of them as JSON). */
export function registerStats(program: Command): void {
  program
    .command("stats")
    .description(
      "the newsletter's numbers: what is in the database, the retrospective (overall, by year, by 52 issues), subscribers by ISO week and each send's figures. --json prints every series; --csv DIR writes one CSV file per series",
    )
    .option("--year <year>", "one calendar year (of the issues' dates; ISO weeks for subscribers)", year)
    .option("--csv <dir>", "write each series as DIR/<series>.csv (formulas defused)")
    .action(async (opts: { year?: number; csv?: string }, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson }) => {
        const totals = await databaseTotals(store);
        const numbers = await loadNumbers(store, {
          readers: true,
          ...(opts.year ? { year: opts.year } : {}),
        });
        if (opts.csv) {
          const tables = numbersTables(numbers);
          try {
            await mkdir(opts.csv, { recursive: true });
            for (const t of tables) await writeFile(join(opts.csv, `${t.name}.csv`), toCsv(t));
          } catch (err) {
            throw new SummaError(
              "export.failed",
              `${opts.csv}: the CSV files could not be written (${err instanceof Error ? err.message : String(err)})`,
            );
          }
          if (json) return printJson({ dir: opts.csv, files: tables.map((t) => `${t.name}.csv`) });
          return out(`Wrote ${tables.length} CSV files to ${opts.csv}\n`);
        }
        const head = { database: store.location, dialect: store.dialect.kind, ...totals };
        if (json) return printJson({ ...head, ...numbers });
        out(
          numbersText(
            numbers,
            `${head.database} (${head.dialect}): ${head.entries} entries, ${head.issues} issues, ${head.people} people`,
          ),
        );
      }),
    );
}
