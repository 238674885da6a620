import { type Command, InvalidArgumentError } from "commander";
import { loadIssueView, parseIssueFormat, renderIssue } from "../../issues/index.ts";
import { withStore } from "../context.ts";

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
}
