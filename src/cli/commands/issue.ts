import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { type Command, InvalidArgumentError } from "commander";
import { SummaError } from "../../domain/errors.ts";
import {
  checkIssue,
  loadIssueView,
  loadRenderOptions,
  parseIssueFormat,
  renderIssue,
} from "../../issues/index.ts";
import { getTaxonomy, saveIssueMeta, setIssueOrder } from "../../store/index.ts";
import { printJson, withStore } from "../context.ts";
import { registerIssueParse } from "./issue-parse.ts";

function issueNumber(value: string): number {
  const m = /^(?:[a-z]+\s*#?)?\s*(\d+)$/i.exec(value.trim());
  if (!m) throw new InvalidArgumentError(`expected an issue number (53, or AN #53), got "${value}"`);
  return Number(m[1]);
}

export function registerIssue(program: Command): void {
  const issue = program.command("issue").description("compose, render, check and parse issues");
  registerIssueParse(issue);
  issue
    .command("render")
    .description(
      "render an issue: text, markdown (for cross-posting), html (the archive page) or email (a MIME message)",
    )
    .argument("<number>", "the issue's number", issueNumber)
    .option("-f, --format <format>", "text, markdown, html or email", "text")
    .action(async (number: number, opts: { format: string }, cmd: Command) =>
      withStore(cmd, async (store) => {
        const format = parseIssueFormat(opts.format);
        const options = format === "email" ? await loadRenderOptions(store) : {};
        process.stdout.write(renderIssue(await loadIssueView(store, number), format, options));
      }),
    );

  issue
    .command("check")
    .description("before sending: unresolved cross-references, entries without a summary, empty sections")
    .argument("<number>", "the issue's number", issueNumber)
    .action(async (number: number, _opts, cmd: Command) =>
      withStore(cmd, async (store, { json }) => {
        const problems = checkIssue(await loadIssueView(store, number), await getTaxonomy(store.db));
        const errors = problems.filter((p) => p.severity === "error").length;
        // Like a linter: a non-zero exit when something must be fixed before sending.
        if (errors) process.exitCode = 1;
        if (json) return printJson({ issue: number, errors, warnings: problems.length - errors, problems });
        if (problems.length === 0) {
          process.stdout.write(`Issue #${number}: nothing to fix.\n`);
          return;
        }
        for (const p of problems) process.stdout.write(`${p.severity}: ${p.message}\n`);
        process.stdout.write(`${errors} error(s), ${problems.length - errors} warning(s)\n`);
      }),
    );

  issue
    .command("set")
    .description("write an issue's subject, date or intro (Markdown, from a file or - for stdin)")
    .argument("<number>", "the issue's number", issueNumber)
    .option("--subject <text>", "the subject line")
    .option("--date <yyyy-mm-dd>", "the date it goes out")
    .option("--intro <file>", "a Markdown file with the intro (- reads stdin)")
    .action(async (number: number, opts: { subject?: string; date?: string; intro?: string }, cmd: Command) =>
      withStore(cmd, async (store, { json }) => {
        if (opts.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.date)) {
          throw new SummaError("config.invalid", `--date: expected YYYY-MM-DD, got "${opts.date}"`);
        }
        const intro =
          opts.intro === undefined
            ? undefined
            : opts.intro === "-"
              ? readFileSync(0, "utf8")
              : await readFile(opts.intro, "utf8");
        await saveIssueMeta(store.db, number, { subject: opts.subject, date: opts.date, intro });
        if (json) printJson({ issue: number, saved: true });
        else process.stdout.write(`Issue #${number} saved.\n`);
      }),
    );

  issue
    .command("order")
    .description("the editor's order: entry ids first to last (each stays in its subsection)")
    .argument("<number>", "the issue's number", issueNumber)
    .argument("<ids...>", "entry ids, in the order they should appear")
    .action(async (number: number, ids: string[], _opts, cmd: Command) =>
      withStore(cmd, async (store, { json }) => {
        const entryIds = ids.map((id) => {
          if (!/^\d+$/.test(id)) throw new SummaError("config.invalid", `"${id}" is not an entry id`);
          return Number(id);
        });
        const foreign = await store.db.transaction().execute((trx) => setIssueOrder(trx, number, entryIds));
        if (foreign.length)
          throw new SummaError("not_found", `Not in issue #${number}: entries ${foreign.join(", ")}`);
        if (json) printJson({ issue: number, order: entryIds });
        else process.stdout.write(`Issue #${number}: ${entryIds.length} entries ordered.\n`);
      }),
    );
}
