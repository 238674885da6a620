import type { Command } from "commander";
import {
  type BounceImportReport,
  importBounceFile,
  recentBounces,
  rotateWebhookSecret,
  webhookSecret,
} from "../../bounces/index.ts";
import { SummaError } from "../../domain/errors.ts";
import { withStore } from "../context.ts";
import { renderTable } from "../table.ts";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function printImport(r: BounceImportReport, out: (text: string) => void): void {
  const lines = [
    `Read ${plural(r.messages, "message")} from ${r.file}: ${plural(r.notices, "bounce/complaint notice")}.`,
    `  applied: ${r.applied}, duplicates: ${r.duplicates}, unknown addresses: ${r.unknown}`,
    `  suppressed: ${plural(r.suppressed, "address")}`,
    `  skipped: ${plural(r.skipped.length, "message")}`,
    ...r.skipped.map((s) => `    message ${s.message}: ${s.reason}`),
  ];
  out(`${lines.join("\n")}\n`);
}

/** `summa bounces import FILE | list | webhook-secret`: bounces and complaints. */
export function registerBounces(program: Command): void {
  const bounces = program
    .command("bounces")
    .description("bounces and complaints: import DSN mailboxes, list events, the webhook secret");

  bounces
    .command("import")
    .description(
      "read DSNs (RFC 3464) and ARF complaints from an mbox or .eml file and apply the suppression policy",
    )
    .argument("<file>", "an mbox (mboxo or mboxrd) or a single message (.eml)")
    .action(async (file: string, _opts, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson }) => {
        const report = await importBounceFile(store, file);
        if (json) printJson(report);
        else printImport(report, out);
      }),
    );

  bounces
    .command("list")
    .description("recorded bounces and complaints, newest first")
    .option("--email <address>", "only this address")
    .option("--limit <n>", "how many", "50")
    .action(async (opts: { email?: string; limit: string }, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson, width }) => {
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new SummaError(
            "input.invalid",
            `--limit must be a positive whole number, not "${opts.limit}"`,
          );
        const events = await recentBounces(store, { email: opts.email, limit });
        if (json) return printJson(events);
        out(
          `${renderTable(
            events,
            [
              { header: "When", value: (e) => e.at },
              { header: "Email", value: (e) => e.email },
              { header: "Kind", value: (e) => e.kind },
              { header: "Source", value: (e) => e.source },
              { header: "Subscriber", value: (e) => (e.subscriber ? "yes" : "no") },
              { header: "Detail", value: (e) => e.detail, flex: true },
            ],
            width,
          )}\n`,
        );
      }),
    );

  bounces
    .command("webhook-secret")
    .description("the secret bounce webhooks send as Authorization: Bearer <secret> (made on first use)")
    .option("--rotate", "replace it with a new one (the old one stops working at once)")
    .action(async (opts: { rotate?: boolean }, cmd: Command) =>
      withStore(cmd, async (store, { json, out, printJson }) => {
        const secret = opts.rotate ? await rotateWebhookSecret(store) : await webhookSecret(store);
        if (json) printJson({ secret, rotated: Boolean(opts.rotate) });
        else out(`${secret}\n`);
      }),
    );
}
