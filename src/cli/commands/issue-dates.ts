import type { Command } from "commander";
import { importIssueDates } from "../../issues/index.ts";
import { withStore } from "../context.ts";

/** `summa issue dates FILE.csv`: dates many issues at once (issues/dates.ts). */
export function registerIssueDates(issue: Command): void {
  issue
    .command("dates")
    .description(
      "date issues from an issue,date CSV (53 or AN #53, YYYY-MM-DD); all or nothing, every problem named by row and field",
    )
    .argument("<file>", "the CSV file")
    .action(async (file: string, _opts, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson }) => {
        const report = await importIssueDates(store, file);
        if (json) return printJson(report);
        out(`${file}: ${report.changed} issue(s) dated, ${report.unchanged} already had that date.\n`);
      }),
    );
}
