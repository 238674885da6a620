import { type Command, InvalidArgumentError } from "commander";
import {
  cancelSend,
  listSends,
  pauseSend,
  resumeSend,
  type SendSummary,
  sendProgress,
  sendTestMessage,
  startSend,
} from "../../delivery/index.ts";
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
 * `summa send N`: queue a published issue for every active subscriber (now, or --at), or send
 * one --test copy; `summa send status|pause|resume|cancel`. Workers (`summa worker`, or
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
      "--test <address>",
      "send one copy to this address only (SMTP_URL); no subscriber is sent anything",
    )
    .option("--edition <edition>", "with --test: full or highlights", edition, "full")
    .action(
      async (
        ref: IssueRef | undefined,
        opts: { at?: Date; rate?: number; test?: string; edition: "full" | "highlights" },
        cmd: Command,
      ) =>
        withStore(cmd, async (store, { json, config, out, printJson }) => {
          if (!ref) return void cmd.help({ error: true });
          const issueNumber = await issueNumberOf(store, ref);
          if (opts.test !== undefined) {
            const transport = openMailTransport(config, { connections: 1 });
            try {
              const result = await sendTestMessage(store, transport, {
                issueNumber,
                to: opts.test,
                edition: opts.edition,
              });
              if (json) printJson(result);
              else out(`Test copy of #${issueNumber} sent to ${result.to}: ${result.response}\n`);
            } finally {
              transport.close();
            }
            return;
          }
          const s = await startSend(store, {
            issueNumber,
            at: opts.at,
            ratePerSecond: opts.rate ?? null,
            createdBy: "cli",
          });
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
