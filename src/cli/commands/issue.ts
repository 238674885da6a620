import { type Command, InvalidArgumentError } from "commander";
import { checkIssue, loadIssueView, parseIssueFormat, renderIssue } from "../../issues/index.ts";
import { getTaxonomy } from "../../store/index.ts";
import { printJson, withStore } from "../context.ts";

function issueNumber(value: string): number {
  const m = /^(?:[a-z]+\s*#?)?\s*(\d+)$/i.exec(value.trim());
  if (!m) throw new InvalidArgumentError(`expected an issue number (53, or AN #53), got "${value}"`);
  return Number(m[1]);
}

export function registerIssue(program: Command): void {
  const issue = program.command("issue").description("compose, render, check and parse issues");
  issue
    .command("render")
    .description("render an issue: text, markdown (for cross-posting) or html (the archive page)")
    .argument("<number>", "the issue's number", issueNumber)
    .option("-f, --format <format>", "text, markdown or html", "text")
    .action(async (number: number, opts: { format: string }, cmd: Command) =>
      withStore(cmd, async (store) => {
        const format = parseIssueFormat(opts.format);
        process.stdout.write(renderIssue(await loadIssueView(store, number), format));
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
}
