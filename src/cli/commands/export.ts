import type { Command } from "commander";
import { exportEntries, exportFormatFor } from "../../entries/index.ts";
import { withStore } from "../context.ts";

export function registerExport(program: Command): void {
  program
    .command("export")
    .description("export every entry as CSV, JSON, xlsx (with the sheet's hyperlinks) or BibTeX")
    .argument("<file>", "where to write; the extension (.csv .json .xlsx .bib) picks the format")
    .option("-f, --format <format>", "csv, json, xlsx or bibtex (overrides the extension)")
    .action(async (file: string, opts: { format?: string }, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson }) => {
        const format = exportFormatFor(file, opts.format);
        const count = await exportEntries(store, file, format);
        if (json) printJson({ file, format, entries: count });
        else out(`Exported ${count} entries to ${file} (${format})\n`);
      }),
    );
}
