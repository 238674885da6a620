import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import {
  type ImportReport,
  importFrom,
  planCounts,
  planFrom,
  SHEET_ENCODINGS,
  type SheetEncoding,
  sheetEncoding,
} from "../../entries/index.ts";
import { type IssueRef, issueNumberOf, issueRef } from "../args.ts";
import { withStore } from "../context.ts";
import { formatPlan } from "./import-plan.ts";

export function registerImport(program: Command): void {
  program
    .command("import")
    .description(
      "import the newsletter's spreadsheet (xlsx, CSV, JSON, Google Sheets' zipped web page, or a URL to one), " +
        "or backfill the archive from an issue (text, Markdown or HTML)",
    )
    .argument("<source>", "a file, or an http(s) URL of a spreadsheet export")
    .option("--issue <issue>", "the file is this issue, 53 or AN #53 (when it does not say which)", issueRef)
    .option(
      "--encoding <encoding>",
      `a CSV's text encoding: ${SHEET_ENCODINGS.join(", ")} (default utf-8; bytes that are not UTF-8 are refused)`,
      encodingArg,
    )
    .option("--dry-run", "show what the import would add, change and skip, by row, and write nothing")
    .action(
      async (
        source: string,
        opts: { issue?: IssueRef; encoding?: SheetEncoding; dryRun?: boolean },
        cmd: Command,
      ) =>
        withStore(
          cmd,
          async (store, { json, io, out, printJson }) => {
            const issue = opts.issue ? await issueNumberOf(store, opts.issue) : undefined;
            if (opts.dryRun) {
              const plan = await planFrom(store, source, { issue, encoding: opts.encoding });
              if (json) printJson({ ...plan, ...{ counts: planCounts(plan) }, database: store.location });
              else out(formatPlan(plan, store.location));
              return;
            }
            // A bar only for a person watching a terminal; scripts and pipes get the report alone.
            const bar =
              io.stderr.isTTY && !json
                ? new SingleBar({
                    format: "importing {bar} {percentage}% | {rows} rows",
                    hideCursor: true,
                    // A terminal's stream: only the process's own stderr is one.
                    stream: io.stderr as NodeJS.WritableStream,
                  })
                : null;
            let started = false;
            const started_at = Date.now();
            try {
              const report = await importFrom(store, source, {
                issue,
                encoding: opts.encoding,
                // The command is the only writer in its process (the site runs in another).
                aloneInProcess: true,
                onProgress: ({ rows, totalRows, bytes, totalBytes }) => {
                  if (!bar) return;
                  // Rows when the format knows how many (xlsx), else bytes of a streamed CSV.
                  const [done, total] = totalRows ? [rows, totalRows] : [bytes ?? rows, totalBytes ?? rows];
                  if (!started) bar.start(Math.max(total, 1), 0, { rows });
                  started = true;
                  bar.update(Math.min(done, total), { rows });
                },
              });
              bar?.stop();
              if (json)
                printJson({ ...report, seconds: (Date.now() - started_at) / 1000, database: store.location });
              else out(formatReport(report, store.location, Date.now() - started_at));
            } finally {
              bar?.stop();
            }
          },
          // A dry run needs the database's tables but must not create one where there was none.
          { create: !opts.dryRun },
        ),
    );
}

function encodingArg(value: string): SheetEncoding {
  const encoding = sheetEncoding(value);
  if (!encoding) throw new InvalidArgumentError(`expected ${SHEET_ENCODINGS.join(", ")}, got "${value}"`);
  return encoding;
}

function formatReport(
  r: ImportReport & { issue?: number; warnings?: string[] },
  where: string,
  ms: number,
): string {
  const lines = [
    `Imported ${r.file} (${r.format}, ${r.rows} rows) into ${where} in ${(ms / 1000).toFixed(1)} s`,
    `  added ${r.added}, changed ${r.changed}, unchanged ${r.unchanged}, skipped ${r.skipped}`,
  ];
  if (r.newIssues) lines.push(`  new issues: ${r.newIssues}`);
  if (r.newCategories.length)
    lines.push(`  new categories (in section "Unsorted"): ${r.newCategories.join(", ")}`);
  if (r.unknownColumns.length) lines.push(`  ignored columns: ${r.unknownColumns.join(", ")}`);
  for (const s of r.skippedRows.slice(0, 20)) lines.push(`  skipped row ${s.row}: ${s.reason}`);
  if (r.skippedRows.length > 20) lines.push(`  ... and ${r.skippedRows.length - 20} more skipped rows`);
  // An issue backfill (src/entries/import-issue.ts) also says which issue and what it could not read.
  if (r.issue !== undefined) lines.push(`  issue: #${r.issue}`);
  for (const w of r.warnings ?? []) lines.push(`  warning: ${w}`);
  return `${lines.join("\n")}\n`;
}
