import type { Command } from "commander";
import type { StaffUser } from "../../accounts/index.ts";
import {
  dismissCandidates,
  fetchIntoInbox,
  findSummarizer,
  formatReason,
  type InboxItem,
  type IntakeReport,
  importIntoInbox,
  listInbox,
  pickCandidate,
  snoozeCandidates,
  trainInbox,
} from "../../inbox/index.ts";
import { loadNewsletterSettings } from "../../newsletter/index.ts";
import type { Store } from "../../store/index.ts";
import { positiveInt } from "../args.ts";
import { withStore } from "../context.ts";
import { renderTable } from "../table.ts";
import { addInboxSourceCommands } from "./inbox-sources.ts";

/** Who decides from the command line: the newsletter's editor (its name in the settings), as an editor. */
async function commandLineEditor(store: Store): Promise<StaffUser> {
  const name = (await loadNewsletterSettings(store)).editor.trim() || "command line";
  return { id: 0, name, email: "", role: "editor" };
}

// As `summa entry fill --allow-private`: sources are refused on loopback and private networks
// unless asked (a local mirror; the tests' servers on 127.0.0.1).
const ALLOW_PRIVATE_HELP = "allow addresses on this machine or a private network (a local mirror)";

const percent = (p: number) => `${Math.round(p * 100)}%`;

/** What the item repeats, and what repeats it, for the line under the table. */
function duplicateText(item: InboxItem): string {
  const lines: string[] = [];
  const d = item.duplicateOf;
  if (d?.kind === "entry")
    lines.push(`already summarized in ${d.issue || "an entry"} as "${d.title}" (entry ${d.id})`);
  else if (d)
    lines.push(
      `duplicate of #${d.id}?${d.title ? ` "${d.title}"` : ""} (near-identical title; deciding one sets the other aside)`,
    );
  if (item.copies.length) lines.push(`possible duplicates: ${item.copies.map((id) => `#${id}`).join(", ")}`);
  if (item.alsoFrom.length) lines.push(`also from ${item.alsoFrom.join(", ")}`);
  return lines.join("\n   ");
}

/** The table's duplicate-of column: the entry's issue, or the candidate's id. */
function duplicateOfCell(item: InboxItem): string {
  const d = item.duplicateOf;
  if (!d) return "";
  return d.kind === "entry" ? d.issue || `entry ${d.id}` : `#${d.id}`;
}

/** An item as `inbox list --json` prints it (each field described in LIST_JSON_FIELDS). */
function itemJson(item: InboxItem) {
  return {
    id: item.id,
    title: item.title,
    url: item.url,
    source: item.source,
    published: item.published,
    status: item.status,
    score: item.score,
    why: item.reasons.map(formatReason),
    suggested_categories: item.suggestions,
    duplicate_of: item.duplicateOf,
    possible_duplicates: item.copies,
    also_from: item.alsoFrom,
    hat_tip: item.hatTip || null,
    entry_id: item.entryId,
  };
}

/**
 * What `inbox list --help` says of each `--json` field: typed by itemJson, so a field added
 * there and not described here (or described and gone) does not compile.
 */
const LIST_JSON_FIELDS: Record<keyof ReturnType<typeof itemJson>, string> = {
  id: "the candidate's number (what pick, dismiss and snooze take)",
  title: "",
  url: "",
  source: "the source that brought it first",
  published: "YYYY-MM-DD, or null",
  status: "new, picked, dismissed, snoozed, passed or duplicate (set aside as a copy)",
  score: "0-1, or null before a model is trained",
  why: "what moved the score most",
  suggested_categories: "[{category, probability}], most likely first",
  duplicate_of:
    'null; {kind: "entry", id, issue, title} when already summarized;\n    {kind: "candidate", id, title} when its title is near-identical to that candidate\'s',
  possible_duplicates: "ids of the candidates marked as maybe the same item as this one",
  also_from: "the other sources that brought this same item (stored once)",
  hat_tip: "who suggested it, or null",
  entry_id: "the draft entry it became once picked, or null",
};

/** The lines under the table, the duplicate-of column, --source and --json, for `inbox list --help`. */
const LIST_HELP = `
Under the table, each candidate's #id and URL, then as they apply:
  already summarized in AN #34 as "Title" (entry N)   it is an entry already
  duplicate of #N? "Title"          its title is near-identical to candidate #N's:
                                    maybe the same item; deciding one sets the other aside
  possible duplicates: #M, ...      the candidates marked as maybe the same item as this one
  also from X, ...                  other sources that brought this same item (stored once)
  why: ...                          what moved the score most
The duplicate-of column: the entry's issue (or "entry N") when already summarized, "#N" for a
candidate it may repeat. --source matches the source that brought a candidate first and those
it is also from.

--json prints {total, items}; each item has:
${Object.entries(LIST_JSON_FIELDS)
  .map(([field, what]) => `  ${field}${what ? `: ${what}` : ""}`)
  .join("\n")}
`;

/**
 * A failed source's line: a source error already begins with the source's name (and where in
 * it), so the name is added only to errors that lack it (a failed delivery, say).
 */
function failureLine(source: string, error: { code: string; message: string }): string {
  const named = error.message.startsWith(`${source}:`) || error.message.startsWith(`${source},`);
  return `${named ? "" : `${source}: `}${error.message} (${error.code})`;
}

function intakeLines(file: string, r: IntakeReport, history: boolean): string {
  const lines = [`${file}: ${r.added} added`];
  if (history) lines.push(`  ${r.picked} match an entry (picked), ${r.passed} passed over`);
  else if (r.alreadySummarized)
    lines.push(`  ${r.alreadySummarized} already summarized (shown with the entry)`);
  if (r.repeated)
    lines.push(
      `  ${r.repeated} already in the inbox (not added again${r.alsoFrom ? `; ${r.alsoFrom} now also from this source` : ""})`,
    );
  if (r.possibleDuplicates)
    lines.push(
      `  ${r.possibleDuplicates} possible duplicates of a candidate (added, marked "duplicate of #N?")`,
    );
  for (const s of r.skipped) lines.push(`  skipped ${s.reason}`);
  return `${lines.join("\n")}\n`;
}

/**
 * The inbox's subcommands, one entry each: `summa inbox source ...` and `summa inbox fetch`
 * (the sources' clients) register themselves here the same way.
 */
export const INBOX_SUBCOMMANDS: Record<string, (inbox: Command) => void> = {
  list(inbox) {
    inbox
      .command("list")
      .description(
        "candidates, best score first: id, score, title, URL, source, published, categories, duplicate-of; under the table each one's possible duplicates and other sources",
      )
      .option("--limit <n>", "at most this many", positiveInt, 50)
      .option("--status <status>", "new (default), picked, dismissed, snoozed, passed, duplicate or all")
      .option("--source <name>", "only what this source brought (first, or also from it)")
      .addHelpText("after", LIST_HELP)
      .action(async (opts: { limit: number; status?: string; source?: string }, cmd: Command) =>
        withStore(cmd, async (store, { json, out, printJson, width }) => {
          const list = await listInbox(
            store,
            {
              limit: opts.limit,
              ...(opts.status ? { status: opts.status } : {}),
              ...(opts.source ? { source: opts.source } : {}),
            },
            new Date().toISOString(),
          );
          if (json) return printJson({ total: list.total, items: list.items.map(itemJson) });
          if (list.items.length === 0)
            return out(
              "The inbox is empty: bring candidates in with summa inbox fetch (its sources) or summa inbox import FILE|URL.\n",
            );
          out(
            `${renderTable(
              list.items,
              [
                { header: "id", value: (i) => String(i.id), align: "right" },
                {
                  header: "score",
                  value: (i) => (i.score === null ? "-" : percent(i.score)),
                  align: "right",
                },
                { header: "source", value: (i) => i.source },
                { header: "published", value: (i) => i.published ?? "" },
                { header: "title", value: (i) => i.title, flex: true },
                {
                  header: "categories",
                  value: (i) =>
                    i.suggestions
                      .slice(0, 2)
                      .map((s) => `${s.category} ${percent(s.probability)}`)
                      .join("; "),
                },
                { header: "duplicate-of", value: duplicateOfCell },
              ],
              width,
            )}\n`,
          );
          for (const i of list.items) {
            const dup = duplicateText(i);
            out(
              `#${i.id} ${i.url || "(no URL)"}${dup ? `\n   ${dup}` : ""}${i.reasons.length ? `\n   why: ${i.reasons.map(formatReason).join(", ")}` : ""}\n`,
            );
          }
          if (list.total > list.items.length)
            out(`(${list.items.length} of ${list.total}; --limit N for more)\n`);
        }),
      );
  },
  pick(inbox) {
    inbox
      .command("pick")
      .description(
        "make a candidate a draft entry (title, authors, venue, year, URL, H/T, category), handed to a summarizer",
      )
      .argument("<id>", "the candidate's id", positiveInt)
      .option("--summarizer <name>", "the desk user who writes it (it is then in their queue)")
      .option("--category <category>", "the category (default: the top suggestion)")
      .action(async (id: number, opts: { summarizer?: string; category?: string }, cmd: Command) =>
        withStore(cmd, async (store, { json, out, printJson }) => {
          const summarizer = opts.summarizer ? await findSummarizer(store, opts.summarizer) : null;
          const entry = await pickCandidate(store, await commandLineEditor(store), id, {
            summarizer,
            ...(opts.category ? { category: opts.category } : {}),
            now: new Date().toISOString(),
          });
          if (json)
            return printJson({
              candidate: id,
              entry: entry.id,
              category: entry.category,
              summarizer: summarizer?.name ?? null,
            });
          out(
            `Candidate ${id} is draft entry #${entry.id} in "${entry.category}"${summarizer ? `, for ${summarizer.name}` : ""}.\n`,
          );
        }),
      );
  },
  dismiss(inbox) {
    inbox
      .command("dismiss")
      .description("dismiss candidates (the ranking learns they were passed over)")
      .argument("<ids...>", "candidate ids")
      .action(async (ids: string[], _opts, cmd: Command) =>
        withStore(cmd, async (store, { json, out, printJson }) => {
          const n = await dismissCandidates(
            store,
            await commandLineEditor(store),
            ids.map(positiveInt),
            new Date().toISOString(),
          );
          if (json) return printJson({ dismissed: n });
          out(`${n} dismissed.\n`);
        }),
      );
  },
  snooze(inbox) {
    inbox
      .command("snooze")
      .description("put candidates aside until a day; they come back as new then")
      .argument("<ids...>", "candidate ids")
      .requiredOption("--until <day>", "YYYY-MM-DD")
      .action(async (ids: string[], opts: { until: string }, cmd: Command) =>
        withStore(cmd, async (store, { json, out, printJson }) => {
          const n = await snoozeCandidates(store, ids.map(positiveInt), opts.until);
          if (json) return printJson({ snoozed: n, until: opts.until });
          out(`${n} snoozed until ${opts.until}.\n`);
        }),
      );
  },
  train(inbox) {
    inbox
      .command("train")
      .description("retrain the ranking and category suggestions from the entries and the decisions; rescore")
      .action(async (_opts, cmd: Command) =>
        withStore(cmd, async (store, { json, out, printJson }) => {
          const r = await trainInbox(store, new Date().toISOString());
          if (json) return printJson(r);
          out(
            `Trained on ${r.decisions} decisions (${r.positives} picked) and ${r.entries} further entries in ${r.ms} ms; ` +
              `${r.ranked ? "ranking" : "no ranking yet (needs picks and passes)"}, ${r.categories} categories; ${r.scored} candidates scored.\n`,
          );
        }),
      );
  },
  import(inbox) {
    inbox
      .command("import")
      .description(
        "take a bibliography (Zotero CSV, BibTeX, RIS) or one address (a paper's page, arXiv, DOI, a feed) into the inbox; --history: a past bibliography, matches count as picked",
      )
      .argument("<file-or-url>")
      .option(
        "--history",
        "items that match an entry count as picked, the rest as passed over (they train, not shown)",
      )
      .option(
        "--source <name>",
        "the source name to record (default: zotero, bibtex or ris by the file extension; url for an address)",
      )
      .option("--allow-private", ALLOW_PRIVATE_HELP)
      .action(
        async (
          fileOrUrl: string,
          opts: { history?: boolean; source?: string; allowPrivate?: boolean },
          cmd: Command,
        ) =>
          withStore(cmd, async (store, { json, out, printJson }) => {
            const history = Boolean(opts.history);
            const report = await importIntoInbox(store, fileOrUrl, {
              source: opts.source,
              history,
              ...(opts.allowPrivate ? { read: { polite: { allowPrivate: true } } } : {}),
            });
            if (json) return printJson({ file: fileOrUrl, ...report, ids: undefined });
            out(intakeLines(fileOrUrl, report, history));
          }),
      );
  },
  fetch(inbox) {
    inbox
      .command("fetch")
      .description(
        "read every enabled source (arXiv, feeds, forums) from where it left off into the inbox; exit 1 if any source failed",
      )
      .option("--only <names...>", "only these sources (enabled or not)")
      .option("--allow-private", ALLOW_PRIVATE_HELP)
      .action(async (opts: { only?: string[]; allowPrivate?: boolean }, cmd: Command) =>
        withStore(cmd, async (store, { json, out, err, printJson, setExitCode }) => {
          const reports = await fetchIntoInbox(store, {
            only: opts.only,
            ...(opts.allowPrivate ? { polite: { allowPrivate: true } } : {}),
          });
          const failed = reports.filter((r) => r.error);
          if (json) printJson(reports);
          else {
            if (reports.length === 0)
              out("No inbox sources are enabled: add one with `summa inbox source add`.\n");
            for (const r of reports) {
              if (r.error) err(`${failureLine(r.source, r.error)}\n`);
              else if (r.notModified) out(`${r.source}: nothing new (not modified)\n`);
              else out(`${r.source}: ${r.fetched} read, ${r.added} added, ${r.duplicates} already known\n`);
            }
          }
          if (failed.length) setExitCode(1);
        }),
      );
  },
  source: addInboxSourceCommands,
};

/** `summa inbox ...`: the candidate inbox from the command line. */
export function registerInbox(program: Command): void {
  const inbox = program
    .command("inbox")
    .description("the candidate inbox: list, pick, dismiss, snooze, train, import, fetch, its sources");
  for (const register of Object.values(INBOX_SUBCOMMANDS)) register(inbox);
}
