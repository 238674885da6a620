import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { formatAuthors } from "../../domain/authors.ts";
import { SummaError } from "../../domain/errors.ts";
import { similarEntries } from "../../entries/similar.ts";
import { changeTaxonomy } from "../../newsletter/index.ts";
import { countEntries, getEntry, getTaxonomy, listIssues, listPeople } from "../../store/index.ts";
import { withStore } from "../context.ts";
import { renderTable } from "../table.ts";
import { entrySummaryJson } from "./search.ts";

/** Read-only views of the database: one entry, the issues, the people, the taxonomy, totals. */
export function registerBrowse(program: Command): void {
  program
    .command("show")
    .description("show one entry in full")
    .argument("<id>", "the entry's id (from search results)")
    .action(async (id: string, _opts, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson }) => {
        const entry = /^\d+$/.test(id) ? await getEntry(store.db, Number(id)) : undefined;
        if (!entry) throw new SummaError("not_found", `No entry with id ${id}`);
        const similar = await similarEntries(store, entry);
        if (json)
          return printJson({
            ...entrySummaryJson(entry),
            similar: similar.map((e) => ({ id: e.id, title: e.title, issueLabel: e.issueLabel })),
          });
        const field = (label: string, value: string | number | null | undefined) =>
          value === "" || value === null || value === undefined ? "" : `${label}: ${value}\n`;
        out(
          `${entry.highlight ? "★ " : ""}${entry.title}\n` +
            field("Authors", formatAuthors(entry.authors)) +
            field("URL", entry.url) +
            field("Venue", entry.venue) +
            field("Year", entry.year) +
            field("Category", entry.category) +
            field("Issue", entry.issueLabel + (entry.issueUrl ? ` (${entry.issueUrl})` : "")) +
            field("Summarized by", entry.summarizers.join("/")) +
            field("H/T", entry.hatTip) +
            (entry.summary ? `\n${entry.summary}\n` : "") +
            (entry.opinion ? `\nOpinion: ${entry.opinion}\n` : "") +
            field("\nPrerequisites", entry.prerequisites) +
            field("Read more", entry.readMore) +
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
        const issues = await listIssues(store.db);
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
        const people = (await listPeople(store.db)).map((p) => ({ ...p, entries: Number(p.entries) }));
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

  program
    .command("stats")
    .description("how much is in the database")
    .action(async (_opts, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson }) => {
        const [entries, issues, people] = await Promise.all([
          countEntries(store.db),
          listIssues(store.db),
          listPeople(store.db),
        ]);
        const stats = {
          database: store.location,
          dialect: store.dialect.kind,
          entries,
          issues: issues.length,
          people: people.length,
        };
        if (json) return printJson(stats);
        out(
          `${stats.database} (${stats.dialect}): ${entries} entries, ${stats.issues} issues, ${stats.people} people\n`,
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
        const t = await getTaxonomy(store.db);
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
        let data: unknown;
        try {
          data = JSON.parse(await readFile(file, "utf8"));
        } catch (err) {
          throw new SummaError(
            "taxonomy.invalid",
            `${file}: ${err instanceof Error ? err.message : String(err)}`,
          );
        }
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
