import { type Command, InvalidArgumentError } from "commander";
import { SummaError } from "../../domain/errors.ts";
import {
  addEntriesToIssue,
  type ComposedEntryRef,
  createDraftIssue,
  publishIssue,
  removeEntriesFromIssue,
  setEntryHighlight,
  unpublishIssue,
} from "../../issues/index.ts";
import { loadNewsletterSettings } from "../../newsletter/index.ts";
import type { Store } from "../../store/index.ts";
import { type IssueRef, issueNumberOf, issueRef, positiveInt } from "../args.ts";
import { withStore } from "../context.ts";

/**
 * The editor's loop from the command line, through the same services as the desk's composer:
 * `summa issue create | add | remove | highlight | publish | unpublish`. Entries are named by
 * their ids (what `summa search`, `summa show` and the desk show), as the desk's forms do.
 */

/** An entry id as typed: "12" or "#12". A title is refused: titles repeat across issues. */
function entryId(value: string): number {
  const m = /^\s*#?(\d+)\s*$/.exec(value);
  if (!m || !Number.isSafeInteger(Number(m[1])) || Number(m[1]) < 1)
    throw new SummaError(
      "config.invalid",
      `"${value}" is not an entry id: name entries by their ids (numbers, as \`summa search\` and \`summa show\` print them)`,
    );
  return Number(m[1]);
}

function isoTime(value: string): Date {
  const d = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value.trim()) || Number.isNaN(d.getTime()))
    throw new InvalidArgumentError(`expected an ISO time such as 2024-05-01T09:00:00Z, got "${value}"`);
  return d;
}

async function labelOf(store: Store, number: number): Promise<string> {
  return `${(await loadNewsletterSettings(store)).issuePrefix} #${number}`.trim();
}

const listed = (entries: ComposedEntryRef[]) => entries.map((e) => `  #${e.id} ${e.title}\n`).join("");

/** Registers the composing subcommands on `summa issue`. */
export function registerIssueCompose(issue: Command): void {
  issue
    .command("create")
    .description("start a draft issue: the next number after the highest in use, or N")
    .argument("[number]", "the issue's number (default: the next one)", positiveInt)
    .option("--subject <text>", "the subject line")
    .option("--date <yyyy-mm-dd>", "the date it goes out (default: the day it is published)")
    .action(async (number: number | undefined, opts: { subject?: string; date?: string }, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson }) => {
        const n = await createDraftIssue(store, { subject: opts.subject, date: opts.date }, { number });
        if (json) return printJson({ issue: n, status: "draft", subject: opts.subject?.trim() ?? "" });
        out(`Created draft ${await labelOf(store, n)}. Add entries: summa issue add ${n} ENTRY-ID...\n`);
      }),
    );

  issue
    .command("add")
    .description("put ready entries (by id) in a draft issue, at the end of their subsections")
    .argument("<issue>", "the issue: 53, or AN #53", issueRef)
    .argument("<entries...>", "entry ids (12 or #12)")
    .action(async (ref: IssueRef, ids: string[], _opts, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson }) => {
        const number = await issueNumberOf(store, ref);
        const added = await addEntriesToIssue(store, number, ids.map(entryId));
        if (json) return printJson({ issue: number, added });
        out(`Added ${added.length} to ${await labelOf(store, number)}:\n${listed(added)}`);
      }),
    );

  issue
    .command("remove")
    .description("take entries (by id) out of a draft issue; they are ready again")
    .argument("<issue>", "the issue: 53, or AN #53", issueRef)
    .argument("<entries...>", "entry ids (12 or #12)")
    .action(async (ref: IssueRef, ids: string[], _opts, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson }) => {
        const number = await issueNumberOf(store, ref);
        const removed = await removeEntriesFromIssue(store, number, ids.map(entryId));
        if (json) return printJson({ issue: number, removed });
        out(
          `Removed ${removed.length} from ${await labelOf(store, number)} (ready again):\n${listed(removed)}`,
        );
      }),
    );

  issue
    .command("highlight")
    .description("make an entry of a draft issue a highlight (listed first), or not with --off")
    .argument("<issue>", "the issue: 53, or AN #53", issueRef)
    .argument("<entry>", "an entry id (12 or #12)")
    .option("--off", "no longer a highlight")
    .action(async (ref: IssueRef, id: string, opts: { off?: boolean }, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson }) => {
        const number = await issueNumberOf(store, ref);
        const highlight = !opts.off;
        const entry = await setEntryHighlight(store, number, entryId(id), highlight);
        if (json) return printJson({ issue: number, entry, highlight });
        out(`#${entry.id} ${entry.title}: ${highlight ? "a highlight" : "no longer a highlight"}.\n`);
      }),
    );

  issue
    .command("publish")
    .description(
      "publish a draft (or withdrawn) issue to the archive now, or at a time (--at: public from then on)",
    )
    .argument("<issue>", "the issue: 53, or AN #53", issueRef)
    .option("--at <iso-time>", "publish at this time instead of now (e.g. 2024-05-01T09:00:00Z)", isoTime)
    .action(async (ref: IssueRef, opts: { at?: Date }, cmd: Command) =>
      withStore(cmd, async (store, { json, out, err, printJson }) => {
        const number = await issueNumberOf(store, ref);
        const result = await publishIssue(store, number, new Date(), { at: opts.at });
        if (json)
          return printJson({
            issue: number,
            ...result,
            status: result.scheduled ? "scheduled" : "published",
          });
        const label = await labelOf(store, number);
        out(
          result.scheduled
            ? `Scheduled ${label}: public from ${result.publishedAt} (dated ${result.date}). Until then \`summa issue unpublish ${number}\` returns it to draft.\n`
            : `Published ${label}, dated ${result.date}${result.url ? `: ${result.url}` : ""}.\n`,
        );
        for (const p of result.problems) err(`${p.severity}: ${p.message}\n`);
      }),
    );

  issue
    .command("unpublish")
    .description(
      "withdraw a published issue (its page then says so and why; feeds and the archive drop it), or return a scheduled one to draft",
    )
    .argument("<issue>", "the issue: 53, or AN #53", issueRef)
    .option("--reason <text>", "why, shown on the issue's page (needed for a published issue)")
    .action(async (ref: IssueRef, opts: { reason?: string }, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson }) => {
        const number = await issueNumberOf(store, ref);
        const result = await unpublishIssue(store, number, opts.reason ?? "");
        if (json) return printJson({ issue: number, ...result });
        const label = await labelOf(store, number);
        out(
          result.status === "draft"
            ? `${label} is a draft again: it will not be published at its scheduled time.\n`
            : `Withdrew ${label}: its page now says "withdrawn: ${result.reason}".\n`,
        );
      }),
    );
}
