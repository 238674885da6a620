import type { Command } from "commander";
import type { Entry } from "../../domain/entry.ts";
import { FIELD_SPECS, type FieldSpec, linkFieldOf, valueAsText } from "../../domain/entry-fields.ts";
import { SummaError } from "../../domain/errors.ts";
import { findEntry, listAllIssues, listSummarizers, similarEntries } from "../../entries/index.ts";
import { loadTaxonomy } from "../../issues/index.ts";
import { changeTaxonomy } from "../../newsletter/index.ts";
import { readJsonFile } from "../args.ts";
import { withStore } from "../context.ts";
import { renderTable } from "../table.ts";
import { entrySummaryJson } from "./search.ts";

/**
 * An entry as `summa show` prints it: the title (★ for a highlight), then each field of the
 * table with its label, a link after the text it belongs to ("Issue: AN #34 (https://...)"),
 * the Markdown texts as paragraphs. A field added to the table shows up here by itself.
 */
function entryText(entry: Entry): string {
  const values = entry as unknown as Record<string, unknown>;
  const text = (f: FieldSpec) => valueAsText(f.kind, values[f.name]);
  const lines = [`${entry.highlight ? "★ " : ""}${entry.title}`];
  for (const f of FIELD_SPECS) {
    // The heading has them; a link goes with its text; the number is the label's.
    if (f.name === "title" || f.kind === "boolean" || f.kind === "issueNumber") continue;
    if (f.linkOf && f.linkOf !== "title") continue;
    const value = text(f);
    if (!value) continue;
    if (f.kind === "markdown") {
      lines.push(f.name === "summary" ? `\n${value}` : `\n${f.label}: ${value}`);
      continue;
    }
    const link = linkFieldOf(f, FIELD_SPECS);
    const url = link && f.name !== "title" ? text(link) : "";
    lines.push(`${f.label}: ${value}${url ? ` (${url})` : ""}`);
  }
  return `${lines.join("\n")}\n`;
}

/** Read-only views of the database: one entry, the issues, the people, the taxonomy, totals. */
export function registerBrowse(program: Command): void {
  program
    .command("show")
    .description("show one entry in full")
    .argument("<id>", "the entry's id (from search results)")
    .action(async (id: string, _opts, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson }) => {
        const entry = /^\d+$/.test(id) ? await findEntry(store, Number(id)) : undefined;
        if (!entry) throw new SummaError("not_found", `No entry with id ${id}`);
        const similar = await similarEntries(store, entry);
        if (json)
          return printJson({
            ...entrySummaryJson(entry),
            similar: similar.map((e) => ({ id: e.id, title: e.title, issueLabel: e.issueLabel })),
          });
        out(
          entryText(entry) +
            (similar.length
              ? `\nSimilar summaries:\n${similar.map((e) => `  ${String(e.id).padStart(5)}  ${e.title}${e.issueLabel ? ` (${e.issueLabel})` : ""}`).join("\n")}\n`
              : ""),
        );
      }),
    );

  program
    .command("issues")
    .description("list the newsletter's issues with their entry counts")
    .action(async (_opts, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson, width }) => {
        const issues = await listAllIssues(store);
        if (json) return printJson(issues);
        out(
          `${renderTable(
            issues,
            [
              { header: "ISSUE", value: (i) => `#${i.number}`, align: "right" },
              { header: "ENTRIES", value: (i) => String(i.entries), align: "right" },
              { header: "URL", value: (i) => i.url, flex: true },
            ],
            width,
          )}\n`,
        );
      }),
    );

  program
    .command("people")
    .description("list summarizers and how many entries each wrote")
    .action(async (_opts, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson, width }) => {
        const people = await listSummarizers(store);
        if (json) return printJson(people);
        out(
          `${renderTable(
            people,
            [
              { header: "NAME", value: (p) => p.name },
              { header: "ROLE", value: (p) => p.role },
              { header: "ENTRIES", value: (p) => String(p.entries), align: "right" },
            ],
            width,
          )}\n`,
        );
      }),
    );

  const taxonomy = program
    .command("taxonomy")
    .description("the sections and categories issues are grouped by");
  taxonomy
    .command("show", { isDefault: true })
    .description("print the taxonomy")
    .action(async (_opts, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson }) => {
        const t = await loadTaxonomy(store);
        if (json) return printJson(t);
        for (const s of t) out(`${s.name}\n${s.categories.map((c) => `  ${c}\n`).join("")}`);
      }),
    );
  taxonomy
    .command("set")
    .description(
      'replace the taxonomy with a JSON file: [{"name": "Section", "categories": ["Category", ...]}, ...]',
    )
    .argument("<file>")
    .action(async (file: string, _opts, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson }) => {
        const data = await readJsonFile(file, "taxonomy.invalid");
        const t = await changeTaxonomy(store, data, file);
        if (json)
          return printJson({
            sections: t.length,
            categories: t.reduce((n, s) => n + s.categories.length, 0),
          });
        out(`Taxonomy replaced: ${t.length} sections\n`);
      }),
    );
}
