import { readFileSync } from "node:fs";
import { type Command, InvalidArgumentError } from "commander";
import { unreadableFile } from "../../domain/errors.ts";
import { knownEntryTitles } from "../../entries/index.ts";
import { naming } from "../../formats/limits.ts";
import {
  type DetectedIssue,
  type IssueSourceFormat,
  type ParsedIssueEntry,
  parseIssue,
  parseIssueAs,
} from "../../formats/parse/index.ts";
import { loadTaxonomy } from "../../issues/index.ts";
import { loadNewsletter } from "../../newsletter/index.ts";
import { withStore } from "../context.ts";
import { renderTable } from "../table.ts";

const FORMATS: IssueSourceFormat[] = ["text", "markdown", "html"];

function formatOption(value: string): IssueSourceFormat {
  const f = value.toLowerCase() === "md" ? "markdown" : value.toLowerCase();
  if ((FORMATS as string[]).includes(f)) return f as IssueSourceFormat;
  throw new InvalidArgumentError(`expected ${FORMATS.join(", ")}, got "${value}"`);
}

/** The file's text; "-" is standard input. */
function readInput(file: string): string {
  try {
    return readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (err) {
    throw unreadableFile(file, err);
  }
}

/** Categories are unique in a taxonomy, so the category alone says where an entry is. */
function placeOf(e: ParsedIssueEntry): string {
  if (e.highlight) return "Highlights";
  return e.category || e.section || "?";
}

function table(parsed: DetectedIssue, width: number | undefined): string {
  return renderTable(
    parsed.entries.map((e, i) => ({ e, i })),
    [
      { header: "#", value: ({ i }) => String(i + 1), align: "right" },
      { header: "under", value: ({ e }) => placeOf(e) },
      { header: "title", value: ({ e }) => e.title, flex: true },
      { header: "authors", value: ({ e }) => e.authors },
      { header: "summarized by", value: ({ e }) => e.summarizer ?? "" },
      { header: "opinion", value: ({ e }) => e.opinionAuthor },
      { header: "summary", value: ({ e }) => (e.summary ? `${e.summary.length} ch` : "link only") },
    ],
    width,
  );
}

/** Line and column (from 1) of an offset into the input. */
function lineColumn(input: string, offset: number): string {
  const before = input.slice(0, offset).replace(/\r\n?/g, "\n");
  const line = before.split("\n").length;
  return `line ${line}, col ${before.length - before.lastIndexOf("\n")}`;
}

/** `--explain`: how the reader went through the issue, so an editor can see why an entry was misread. */
function explain(parsed: DetectedIssue, input: string): string {
  const lines = [`read as ${parsed.format}`];
  const steps = parsed.steps ?? [];
  const headings = steps.filter((s) => s.kind === "heading");
  lines.push(`${headings.length} heading${headings.length === 1 ? "" : "s"} found`);
  let n = 0;
  for (const step of steps) {
    const at = step.offset === null ? "" : ` (offset ${step.offset}, ${lineColumn(input, step.offset)})`;
    const what = step.kind === "heading" ? `heading "${step.text}"` : `  entry ${++n} starts: "${step.text}"`;
    lines.push(`${what}${at}`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * `summa issue parse FILE`: an issue (text, Markdown or HTML; a foreign copy too) read back
 * into entries, to check what a backfill (`summa import FILE`) would add. The store gives the
 * taxonomy (to recognise headings), the editor (whose opinions carry no credit line) and the
 * titles the archive has (which anchor the reading of a flattened copy).
 */
export function registerIssueParse(issue: Command): void {
  issue
    .command("parse")
    .description("read an issue (text, markdown or html, or a flattened email) back into entries")
    .argument("<file>", "the issue's file (- reads stdin)")
    .option(
      "-f, --format <format>",
      "text, markdown or html (default: detected from the content)",
      formatOption,
    )
    .option("--explain", "print how the issue was read: the format, each heading, where each entry starts")
    .action(async (file: string, opts: { format?: IssueSourceFormat; explain?: boolean }, cmd: Command) =>
      withStore(cmd, async (store, { json, out, err, printJson, width }) => {
        const input = readInput(file);
        const taxonomy = await loadTaxonomy(store);
        const newsletter = await loadNewsletter(store);
        // The archive's titles anchor the reading of a flattened copy (see ParseOptions).
        const options = { knownTitles: await knownEntryTitles(store) };
        const parsed: DetectedIssue = naming(file, () =>
          opts.format
            ? { ...parseIssueAs(opts.format, input, taxonomy, newsletter, options), format: opts.format }
            : parseIssue(input, taxonomy, newsletter, options),
        );
        if (json) return printJson({ file, ...parsed });
        const about = [
          `${file}: ${parsed.format}`,
          parsed.number !== null ? `issue #${parsed.number}` : "no issue number",
          `${parsed.entries.length} entr${parsed.entries.length === 1 ? "y" : "ies"}`,
        ];
        out(`${about.join(", ")}\n`);
        if (opts.explain) out(explain(parsed, input));
        if (parsed.entries.length) out(`${table(parsed, width)}\n`);
        for (const w of parsed.warnings) err(`warning: ${w}\n`);
      }),
    );
}
