import { type Command, InvalidArgumentError } from "commander";
import {
  cancelSend,
  listSends,
  pauseSend,
  resumeSend,
  type SendSummary,
  sendProgress,
  sendTestCopies,
  sendTestMessage,
  startSend,
} from "../../delivery/index.ts";
import { SummaError } from "../../domain/errors.ts";
import { loadNewsletterSettings } from "../../newsletter/index.ts";
import type { Store } from "../../store/index.ts";
import { type IssueRef, issueNumberOf, issueRef, positiveInt } from "../args.ts";
import { type CommandContext, withStore } from "../context.ts";
import { openMailTransport } from "../mail.ts";
import { formatSend, formatSendList, watchSend } from "./send-status.ts";

function rate(value: string): number {
  const r = Number(value);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(value) || !(r > 0))
    throw new InvalidArgumentError(`expected messages per second (a number above 0), got "${value}"`);
  return r;
}

function isoTime(value: string): Date {
  const d = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value.trim()) || Number.isNaN(d.getTime()))
    throw new InvalidArgumentError(`expected an ISO time such as 2024-05-01T09:00:00Z, got "${value}"`);
  return d;
}

function edition(value: string): "full" | "highlights" {
  if (value !== "full" && value !== "highlights")
    throw new InvalidArgumentError(`expected full or highlights, got "${value}"`);
  return value;
}

async function prefixOf(store: Store): Promise<string> {
  return (await loadNewsletterSettings(store)).issuePrefix;
}

async function report(store: Store, s: SendSummary, ctx: CommandContext): Promise<void> {
  if (ctx.json) ctx.printJson(s);
  else ctx.out(formatSend(s, await prefixOf(store)));
}

/** A send-changing subcommand: pause, resume, cancel. */
function lifecycle(
  send: Command,
  name: string,
  description: string,
  act: (store: Store, n: number) => Promise<SendSummary>,
) {
  send
    .command(name)
    .description(description)
    .argument("<issue>", "53 or AN #53", issueRef)
    .action(async (ref: IssueRef, _opts, cmd: Command) =>
      withStore(cmd, async (store, ctx) =>
        report(store, await act(store, await issueNumberOf(store, ref)), ctx),
      ),
    );
}

/**
 * `send N --test ADDRESS`: one copy to that address; `send N --test`: a copy to every tester.
 * Exit code 1 when the server refused any tester's copy (each is listed).
 */
async function sendTests(
  store: Store,
  issueNumber: number,
  to: string | true,
  edition: "full" | "highlights" | undefined,
  { config, json, out, printJson }: CommandContext,
): Promise<void> {
  const transport = openMailTransport(config, { connections: 1 });
  try {
    if (to !== true) {
      const result = await sendTestMessage(store, transport, { issueNumber, to, edition });
      if (json) printJson(result);
      else out(`Test copy of #${issueNumber} sent to ${result.to}: ${result.response}\n`);
      return;
    }
    const results = await sendTestCopies(store, transport, { issueNumber, edition });
    const refused = results.filter((r) => "error" in r);
    if (json) printJson(results);
    else
      for (const r of results)
        out(
          "error" in r
            ? `Test copy of #${issueNumber} NOT sent to ${r.to}: ${r.error}\n`
            : `Test copy of #${issueNumber} sent to ${r.to}: ${r.response}\n`,
        );
    if (refused.length)
      throw new SummaError(
        "input.invalid",
        `The SMTP server did not take ${refused.length} of ${results.length} test copies: ${refused.map((r) => r.to).join(", ")}`,
      );
  } finally {
    transport.close();
  }
}

/**
 * `summa send N`: queue a published issue for every active subscriber (now, or --at), or send
 * --test copies (to one address, or to the test list); `summa send status|pause|resume|cancel`. Workers (`summa worker`, or
 * `summa serve` with SMTP_URL) do the sending.
 */
export function registerSend(program: Command): void {
  const send = program
    .command("send")
    .description(
      "send a published issue to every active subscriber (workers deliver it: `summa worker`, or `summa serve` with SMTP_URL); " +
        "subcommands: status, pause, resume, cancel",
    )
    .argument("[issue]", "53 or AN #53", issueRef)
    .option("--at <iso-time>", "start at this time instead of now (e.g. 2024-05-01T09:00:00Z)", isoTime)
    .option("--rate <per-second>", "at most this many messages per second, all workers together", rate)
    .option(
      "--test [address]",
      "send test copies only (SMTP_URL): to this address, or without one to every tester " +
        "(`summa subscribers tester add`); no send is recorded, the real send stays possible",
    )
    .option(
      "--edition <edition>",
      "with --test: full or highlights (default: full; each tester's own edition for the test list)",
      edition,
    )
    .option(
      "--allow-http",
      "send even though newsletter.site_url is http (a local trial: unsubscribe links are then not https)",
    )
    .action(
      async (
        ref: IssueRef | undefined,
        opts: {
          at?: Date;
          rate?: number;
          test?: string | true;
          edition?: "full" | "highlights";
          allowHttp?: boolean;
        },
        cmd: Command,
      ) =>
        withStore(cmd, async (store, ctx) => {
          const { json, out, printJson } = ctx;
          if (!ref) return void cmd.help({ error: true });
          const issueNumber = await issueNumberOf(store, ref);
          if (opts.test !== undefined) return sendTests(store, issueNumber, opts.test, opts.edition, ctx);
          const s = await startSend(store, {
            issueNumber,
            at: opts.at,
            ratePerSecond: opts.rate ?? null,
            createdBy: "cli",
            allowHttp: opts.allowHttp,
          });
          // On standard error, so --json output stays one document and the warning still shows.
          for (const warning of s.warnings) ctx.err(`\n${warning}\n\n`);
          if (json) return printJson(s);
          const when =
            s.status === "scheduled" ? `from ${s.sendAt.replace("T", " ").slice(0, 19)} UTC` : "now";
          out(
            `Queued #${issueNumber} for ${s.total.toLocaleString("en-US")} subscriber(s), ${when}. ` +
              "Workers send it (summa worker, or summa serve with SMTP_URL); follow with `summa send status " +
              `${issueNumber} --watch\`.\n`,
          );
        }),
    );

  send
    .command("status")
    .description("where a send stands (every send without an issue); --watch follows it with a progress bar")
    .argument("[issue]", "53 or AN #53", issueRef)
    .option("--watch", "follow the send until it is done or cancelled")
    .option("--interval <ms>", "with --watch: how often to look", positiveInt, 1000)
    .action(async (ref: IssueRef | undefined, opts: { watch?: boolean; interval: number }, cmd: Command) =>
      withStore(cmd, async (store, ctx) => {
        const { json, out, printJson } = ctx;
        if (!ref) {
          const sends = await listSends(store);
          if (json) return printJson(sends);
          return void out(formatSendList(sends, await prefixOf(store), ctx.width));
        }
        const issueNumber = await issueNumberOf(store, ref);
        const s = opts.watch
          ? await watchSend(store, issueNumber, opts.interval, ctx.io.stderr)
          : await sendProgress(store, issueNumber);
        await report(store, opts.watch ? await sendProgress(store, issueNumber) : s, ctx);
      }),
    );

  lifecycle(
    send,
    "pause",
    "pause a send: workers stop within a second; resume picks up where it stopped",
    pauseSend,
  );
  lifecycle(send, "resume", "resume a paused send", resumeSend);
  lifecycle(
    send,
    "cancel",
    "cancel a send: nothing more goes out (a send cancelled before any message can be started again)",
    cancelSend,
  );
}
