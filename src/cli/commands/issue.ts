import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { SummaError } from "../../domain/errors.ts";
import {
  checkStoredIssue,
  loadIssueView,
  loadRenderOptions,
  orderIssue,
  parseIssueFormat,
  renderIssue,
  saveIssueDetails,
} from "../../issues/index.ts";
import { type IssueRef, issueNumberOf, issueRef } from "../args.ts";
import { withStore } from "../context.ts";
import { registerIssueCompose } from "./issue-compose.ts";
import { registerIssueDates } from "./issue-dates.ts";
import { registerIssueParse } from "./issue-parse.ts";

export function registerIssue(program: Command): void {
  const issue = program.command("issue").description("compose, render, check and parse issues");
  registerIssueParse(issue);
  registerIssueCompose(issue);
  registerIssueDates(issue);
  issue
    .command("render")
    .description(
      "render an issue: text, markdown (for cross-posting), html (the archive page) or email (a MIME message)",
    )
    .argument("<issue>", "the issue: 53, or AN #53", issueRef)
    .option("-f, --format <format>", "text, markdown, html or email", "text")
    .action(async (ref: IssueRef, opts: { format: string }, cmd: Command) =>
      withStore(cmd, async (store, { out }) => {
        const number = await issueNumberOf(store, ref);
        const format = parseIssueFormat(opts.format);
        const options = format === "email" ? await loadRenderOptions(store) : {};
        out(renderIssue(await loadIssueView(store, number), format, options));
      }),
    );

  issue
    .command("check")
    .description("before sending: unresolved cross-references, entries without a summary, empty sections")
    .argument("<issue>", "the issue: 53, or AN #53", issueRef)
    .action(async (ref: IssueRef, _opts, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson, setExitCode }) => {
        const number = await issueNumberOf(store, ref);
        const problems = await checkStoredIssue(store, number);
        const errors = problems.filter((p) => p.severity === "error").length;
        // Like a linter: a non-zero exit when something must be fixed before sending.
        if (errors) setExitCode(1);
        if (json) return printJson({ issue: number, errors, warnings: problems.length - errors, problems });
        if (problems.length === 0) {
          out(`Issue #${number}: nothing to fix.\n`);
          return;
        }
        for (const p of problems) out(`${p.severity}: ${p.message}\n`);
        out(`${errors} error(s), ${problems.length - errors} warning(s)\n`);
      }),
    );

  issue
    .command("set")
    .description("write an issue's subject, date or intro (Markdown, from a file or - for stdin)")
    .argument("<issue>", "the issue: 53, or AN #53", issueRef)
    .option("--subject <text>", "the subject line")
    .option(
      "--date <yyyy-mm-dd>",
      "the date it goes out (a published issue too; after today: hidden until then)",
    )
    .option("--intro <file>", "a Markdown file with the intro (- reads stdin)")
    .action(async (ref: IssueRef, opts: { subject?: string; date?: string; intro?: string }, cmd: Command) =>
      withStore(cmd, async (store, { json, io, out, printJson }) => {
        const number = await issueNumberOf(store, ref);
        const intro =
          opts.intro === undefined
            ? undefined
            : opts.intro === "-"
              ? await io.readStdin()
              : await readFile(opts.intro, "utf8");
        await saveIssueDetails(store, number, { subject: opts.subject, date: opts.date, intro });
        if (json) printJson({ issue: number, saved: true });
        else out(`Issue #${number} saved.\n`);
      }),
    );

  issue
    .command("order")
    .description("the editor's order: entry ids first to last (each stays in its subsection)")
    .argument("<issue>", "the issue: 53, or AN #53", issueRef)
    .argument("<ids...>", "entry ids, in the order they should appear")
    .action(async (ref: IssueRef, ids: string[], _opts, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson }) => {
        const number = await issueNumberOf(store, ref);
        const entryIds = ids.map((id) => {
          if (!/^\d+$/.test(id)) throw new SummaError("config.invalid", `"${id}" is not an entry id`);
          return Number(id);
        });
        await orderIssue(store, number, entryIds);
        if (json) printJson({ issue: number, order: entryIds });
        else out(`Issue #${number}: ${entryIds.length} entries ordered.\n`);
      }),
    );
}
