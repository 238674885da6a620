import { type Command, InvalidArgumentError } from "commander";
import { formatAuthors } from "../../domain/authors.ts";
import type { Entry } from "../../domain/entry.ts";
import { displayAuthors } from "../../domain/entry-display.ts";
import { mentionedIssue, searchIssueEntries } from "../../entries/issue-mention.ts";
import { lookupEntry } from "../../entries/lookup.ts";
import { searchEntries } from "../../entries/search.ts";
import { lookupLabel } from "../../formats/render/lookup-match.ts";
import type { SearchFilters } from "../../store/index.ts";
import { nonNegativeInt, positiveInt } from "../args.ts";
import { withStore } from "../context.ts";
import { renderTable } from "../table.ts";

/** "2018", "2018..2020", "2018..", "..2020" -> bounds. */
export function parseRange(value: string): { from?: number; to?: number } {
  const m = /^\s*(\d+)?\s*(?:(\.\.|-)\s*(\d+)?)?\s*$/.exec(value);
  if (!m || (m[1] === undefined && m[3] === undefined)) {
    throw new InvalidArgumentError(`expected N or FROM..TO (e.g. 2018..2020), got "${value}"`);
  }
  const from = m[1] !== undefined ? Number(m[1]) : undefined;
  const to = m[2] ? (m[3] !== undefined ? Number(m[3]) : undefined) : from;
  if (from !== undefined && to !== undefined && from > to)
    throw new InvalidArgumentError(`${from} is after ${to}`);
  return { from, to };
}

interface SearchCliOptions {
  category?: string[];
  section?: string;
  summarizer?: string;
  author?: string;
  venue?: string;
  year?: { from?: number; to?: number };
  issue?: { from?: number; to?: number };
  highlights?: boolean;
  limit: number;
  offset?: number;
}

function toFilters(o: SearchCliOptions): SearchFilters {
  return {
    categories: o.category,
    section: o.section,
    summarizer: o.summarizer,
    author: o.author,
    venue: o.venue,
    yearFrom: o.year?.from,
    yearTo: o.year?.to,
    issueFrom: o.issue?.from,
    issueTo: o.issue?.to,
    highlightsOnly: o.highlights,
  };
}

export function entrySummaryJson(e: Entry) {
  return { ...e, authorsText: formatAuthors(e.authors) };
}

function issueCell(e: Entry): string {
  return e.issueNumber !== null ? `#${e.issueNumber}` : e.issueLabel;
}

export function registerSearch(program: Command): void {
  program
    .command("search")
    .description('full-text search: words, "phrases", prefix*, OR, -excluded; ranked by relevance')
    .argument("<query...>", "what to look for")
    .option("-c, --category <name>", "only this category (repeatable)", (v: string, prev: string[] = []) => [
      ...prev,
      v,
    ])
    .option("-s, --section <name>", 'only this section, e.g. "Technical AI alignment"')
    .option("--summarizer <name>", "only entries summarized by this person")
    .option("-a, --author <text>", "only entries whose authors include this text")
    .option("--venue <text>", "only entries whose venue includes this text")
    .option("-y, --year <range>", "publication year or range: 2019, 2018..2020", parseRange)
    .option("-i, --issue <range>", "AN issue or range: 53, 40..60", parseRange)
    .option("-H, --highlights", "highlights only")
    .option("-n, --limit <n>", "how many results", positiveInt, 20)
    .option("--offset <n>", "skip this many results (paging)", nonNegativeInt)
    .action(async (words: string[], opts: SearchCliOptions, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson, width }) => {
        const text = words.join(" ");
        // "AN #53" names an issue: its entries, not the entries with "an" or "53" in them.
        const issue = await mentionedIssue(store, text);
        const filters = toFilters(opts);
        const page = { limit: opts.limit, offset: opts.offset };
        const result = issue
          ? await searchIssueEntries(store, issue, filters, page)
          : await searchEntries(store, text, { filters, ...page, withTotal: true });
        if (json) {
          printJson({
            ...result,
            issue,
            results: result.results.map((r) => ({
              score: r.score,
              allWords: r.allWords,
              entry: entrySummaryJson(r.entry),
            })),
          });
          return;
        }
        if (issue)
          out(
            `Issue ${issue.label}${issue.subject ? `: ${issue.subject}` : ""} (${issue.entries} entries): summa issue render ${issue.number}\n\n`,
          );
        if (result.results.length === 0) {
          out(`No entries match "${result.query}".\n`);
          return;
        }
        if (result.partial) out("No entry has all of these words: these have the most of them.\n");
        const from = (opts.offset ?? 0) + 1;
        out(
          `${result.total === 1 ? "1 entry matches" : `${result.total} entries match`} "${result.query}"; ` +
            `showing ${from}-${from + result.results.length - 1}` +
            `${result.truncated ? " (query shortened to its first 64 terms)" : ""}\n\n`,
        );
        out(
          `${renderTable(
            result.results.map((r) => r.entry),
            [
              { header: "ID", value: (e) => String(e.id), align: "right" },
              { header: "ISSUE", value: issueCell },
              { header: "TITLE", value: (e) => `${e.highlight ? "★ " : ""}${e.title}`, flex: true },
              { header: "AUTHORS", value: (e) => displayAuthors(e) },
              { header: "BY", value: (e) => e.summarizers.join("/") },
              { header: "CATEGORY", value: (e) => e.category },
            ],
            width,
          )}\n`,
        );
      }),
    );

  program
    .command("lookup")
    .description(
      "has this been summarized? by any link an entry carries (arXiv abs/pdf/versions and bare ids, DOIs, forum posts by id; http/https, www. don't matter) or by title (exact, its first words, its words in order, or near-identical)",
    )
    .argument("<url-or-title...>")
    .action(async (words: string[], _opts, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson, setExitCode }) => {
        const input = words.join(" ");
        const matches = await lookupEntry(store, input);
        if (json) {
          printJson({
            input,
            found: matches.length > 0,
            matches: matches.map((m) => ({ ...m, entry: entrySummaryJson(m.entry) })),
          });
          // The same exit code as without --json (the README's table: 1 when nothing is found).
          if (matches.length === 0) setExitCode(1);
          return;
        }
        if (matches.length === 0) {
          out(`Not summarized yet: no entry matches "${input}".\n`);
          setExitCode(1);
          return;
        }
        for (const m of matches) {
          const e = m.entry;
          const where = e.issueLabel ? `covered in ${e.issueLabel}` : "in the database (no issue yet)";
          out(
            `Yes: ${where} through "${e.title}" (${displayAuthors(e)})` +
              `${e.summarizers.length ? `, summarized by ${e.summarizers.join("/")}` : ""} [${lookupLabel(m)}]\n` +
              `  entry ${e.id}${e.url ? `  ${e.url}` : ""}${e.issueUrl ? `\n  issue ${e.issueUrl}` : ""}\n`,
          );
        }
      }),
    );
}
