import { type Command, InvalidArgumentError } from "commander";
import type { Edition, SubscriberStatus } from "../../store/index.ts";
import {
  addSubscriber,
  changeTesters,
  eachSubscriber,
  exportSubscribers,
  getsTestCopies,
  importSubscribers,
  listTesters,
  parseStatus,
  SUBSCRIBER_STATUSES,
  subscriberCounts,
} from "../../subscribers/index.ts";
import { withStore } from "../context.ts";
import { renderTable } from "../table.ts";

/** --status: Summa's words, or Mailchimp's (subscribed = active, cleaned = suppressed). */
function statusArg(value: string): SubscriberStatus {
  const status = parseStatus(value);
  if (!status)
    throw new InvalidArgumentError(
      `expected ${SUBSCRIBER_STATUSES.join(", ")} (or Mailchimp's subscribed, cleaned), got "${value}"`,
    );
  return status;
}

function editionArg(value: string): Edition {
  if (value !== "full" && value !== "highlights")
    throw new InvalidArgumentError(`expected full or highlights, got "${value}"`);
  return value;
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "");

/** `summa subscribers import|export|list|add`: the operator's view of the mailing list. */
export function registerSubscribers(program: Command): void {
  const subscribers = program
    .command("subscribers")
    .description("the mailing list: import, export, list, add, tester");

  subscribers
    .command("import")
    .description(
      "import subscriber CSVs (a Mailchimp audience export's subscribed/unsubscribed/cleaned files, or Summa's export) in one transaction",
    )
    .argument("<files...>", "CSV files; Mailchimp's file names give each file's status")
    .option(
      "--status <status>",
      "the status of every row, overriding Status columns and file names",
      statusArg,
    )
    .action(async (files: string[], opts: { status?: SubscriberStatus }, cmd: Command) =>
      withStore(
        cmd,
        async (store, { json, out, printJson }) => {
          const report = await importSubscribers(store, files, { status: opts.status });
          if (json) return printJson(report);
          out(
            `Imported ${report.rows} rows from ${report.files.join(", ")}: ${report.added} added, ${report.updated} updated, ${report.unchanged} unchanged\n`,
          );
          if (report.kept)
            out(
              `${report.kept} unsubscribed or suppressed addresses kept their status (a file never resubscribes them; use \`summa subscribers add EMAIL --status active\`)\n`,
            );
        },
        { create: true },
      ),
    );

  subscribers
    .command("export")
    .description("write the list as CSV (imports back to the same list)")
    .argument("<file>")
    .option("--status <status>", "only subscribers with this status", statusArg)
    .action(async (file: string, opts: { status?: SubscriberStatus }, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson }) => {
        const count = await exportSubscribers(store, file, { status: opts.status });
        if (json) printJson({ file, subscribers: count });
        else out(`Exported ${count} subscribers to ${file}\n`);
      }),
    );

  subscribers
    .command("list")
    .description("list subscribers (with --json, every field)")
    .option("--status <status>", "only subscribers with this status", statusArg)
    .action(async (opts: { status?: SubscriberStatus }, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson, width }) => {
        const rows = [];
        for await (const row of eachSubscriber(store, opts.status)) rows.push(row);
        if (json) return printJson(rows);
        const counts = await subscriberCounts(store);
        out(
          `${renderTable(
            rows,
            [
              { header: "ID", value: (s) => String(s.id), align: "right" },
              { header: "Email", value: (s) => s.email },
              { header: "Name", value: (s) => s.name, flex: true },
              { header: "Status", value: (s) => s.status },
              { header: "Edition", value: (s) => s.edition },
              { header: "Consent", value: (s) => day(s.consent_at) },
              { header: "Added", value: (s) => day(s.created_at) },
            ],
            width,
          )}\n`,
        );
        out(`${rows.length} shown; ${SUBSCRIBER_STATUSES.map((s) => `${counts[s]} ${s}`).join(", ")}\n`);
      }),
    );

  subscribers
    .command("add")
    .description("add an address you have consent for, or change a known one's status (lifts a suppression)")
    .argument("<email>")
    .option("--name <name>", "the subscriber's name")
    .option("--status <status>", `${SUBSCRIBER_STATUSES.join(" | ")} (default: active)`, statusArg)
    .option("--edition <edition>", "full | highlights", editionArg)
    .action(
      async (
        email: string,
        opts: { name?: string; status?: SubscriberStatus; edition?: Edition },
        cmd: Command,
      ) =>
        withStore(cmd, async (store, { json, out, printJson }) => {
          const { subscriber, added } = await addSubscriber(store, { email, ...opts });
          if (json) return printJson({ added, subscriber });
          out(
            `${added ? "Added" : "Updated"} ${subscriber.email}: ${subscriber.status}, ${subscriber.edition} edition\n`,
          );
        }),
    );

  registerTesters(subscribers);
}

/** `summa subscribers tester add|remove|list`: the test list (`summa send N --test` mails it). */
function registerTesters(subscribers: Command): void {
  const tester = subscribers
    .command("tester")
    .description("the test list: `summa send N --test` sends each tester a copy; add, remove, list");
  for (const [name, on] of [
    ["add", true],
    ["remove", false],
  ] as const)
    tester
      .command(name)
      .description(
        on
          ? "put subscribers on the test list (each must be a subscriber: `summa subscribers add EMAIL` first)"
          : "take subscribers off the test list (they stay subscribers)",
      )
      .argument("<emails...>")
      .action(async (emails: string[], _opts, cmd: Command) =>
        withStore(cmd, async (store, { json, out, printJson }) => {
          const change = await changeTesters(store, emails, on);
          if (json) return printJson(change);
          const verb = on ? "Added to" : "Removed from";
          if (change.changed.length) out(`${verb} the test list: ${change.changed.join(", ")}\n`);
          if (change.unchanged.length)
            out(`Already ${on ? "on" : "off"} the test list: ${change.unchanged.join(", ")}\n`);
        }),
      );
  tester
    .command("list")
    .description("the testers, with their status (active and paused testers get test copies)")
    .action(async (_opts, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson, width }) => {
        const rows = await listTesters(store);
        if (json) return printJson(rows);
        if (rows.length === 0)
          return void out(
            "The test list is empty: add testers with `summa subscribers tester add EMAIL...`\n",
          );
        out(
          `${renderTable(
            rows,
            [
              { header: "Email", value: (s) => s.email },
              { header: "Name", value: (s) => s.name, flex: true },
              { header: "Status", value: (s) => s.status },
              { header: "Edition", value: (s) => s.edition },
              { header: "Test copies", value: (s) => (getsTestCopies(s) ? "yes" : "no") },
            ],
            width,
          )}\n`,
        );
        const getting = rows.filter(getsTestCopies).length;
        out(`${rows.length} tester(s); ${getting} get test copies (active or paused)\n`);
      }),
    );
}
