import { setTimeout as sleep } from "node:timers/promises";
import { SingleBar } from "cli-progress";
import { formatRate, type SendSummary, sendProgress } from "../../delivery/index.ts";
import type { Store } from "../../store/index.ts";
import type { CliOutput } from "../io.ts";
import { renderTable } from "../table.ts";

/** Delivered one way or another: nothing more will happen to these rows. */
export function settled(s: SendSummary): number {
  return s.counts.sent + s.counts.failed + s.counts.cancelled + s.counts.suppressed;
}

const n = (x: number) => x.toLocaleString("en-US");

/** One line of counts: "sent 1,234 of 5,000 (24.7%) · queued 3,700 · sending 66 · failed 0 ...". */
export function countsLine(s: SendSummary): string {
  const pct = s.total ? ` (${((100 * s.counts.sent) / s.total).toFixed(1)}%)` : "";
  const rest = (["queued", "sending", "failed", "cancelled", "suppressed"] as const)
    .map((k) => `${k} ${n(s.counts[k])}`)
    .join(" · ");
  return `sent ${n(s.counts.sent)} of ${n(s.total)}${pct} · ${rest}`;
}

/** "3 (0.25%)": a count and its rate of delivered. */
const counted = (count: number, rate: number | null) => `${n(count)} (${formatRate(rate)})`;

/**
 * What came back, as counts and rates of delivered: "delivered 1,000 · failed 2 (0.20%) ·
 * bounced hard 5 (0.50%), soft 1 (0.10%) · complaints 0 (0.0%) · unsubscribes 3 (0.30%)".
 */
export function figuresLine(s: SendSummary): string {
  const f = s.figures;
  return [
    `delivered ${n(f.delivered)}`,
    `failed ${counted(f.failed, f.rates.failed)}`,
    `bounced hard ${counted(f.bouncedHard, f.rates.bouncedHard)}, soft ${counted(f.bouncedSoft, f.rates.bouncedSoft)}`,
    `complaints ${counted(f.complaints, f.rates.complaints)}`,
    `unsubscribes ${counted(f.unsubscribes, f.rates.unsubscribes)}`,
    // Only what tracking counted for this send; opens always carry their caveat.
    ...(f.engagement?.clicks
      ? [
          `clicks ${n(f.engagement.clicks.clicks)} by ${counted(f.engagement.clicks.clickers, f.engagement.clicks.rate)} readers`,
        ]
      : []),
    ...(f.engagement?.opens
      ? [
          `opens ${n(f.engagement.opens.opens)} by ${counted(f.engagement.opens.openers, f.engagement.opens.rate)} readers (${f.engagement.opens.note})`,
        ]
      : []),
  ].join(" · ");
}

/** The full report of one send: state, counts, and the failed addresses with the server's reply. */
export function formatSend(s: SendSummary, prefix: string): string {
  const label = prefix ? `${prefix} #${s.issueNumber}` : `#${s.issueNumber}`;
  const lines = [
    `${label}: ${s.status}`,
    `  ${countsLine(s)}`,
    `  send at ${s.sendAt.replace("T", " ").slice(0, 19)} UTC · rate ${s.ratePerSecond ? `${s.ratePerSecond}/s` : "unlimited"}${s.createdBy ? ` · started by ${s.createdBy}` : ""}${s.finishedAt ? ` · finished ${s.finishedAt.replace("T", " ").slice(0, 19)} UTC` : ""}`,
    `  ${figuresLine(s)}`,
    ...s.figures.alerts.map((a) => `  ${a.level.toUpperCase()}: ${a.message}`),
  ];
  if (s.failed.length) {
    lines.push(`  failed (${n(s.counts.failed)}):`);
    for (const f of s.failed)
      lines.push(`    ${f.email}  ${f.lastReply} (${f.attempts} attempt${f.attempts === 1 ? "" : "s"})`);
    if (s.counts.failed > s.failed.length)
      lines.push(`    ... and ${n(s.counts.failed - s.failed.length)} more`);
  }
  return `${lines.join("\n")}\n`;
}

/** Every send as a table. */
export function formatSendList(sends: SendSummary[], prefix: string, width: number | undefined): string {
  if (sends.length === 0) return "No issue has been sent yet.\n";
  return `${renderTable(
    sends,
    [
      { header: "Issue", value: (s) => `${prefix} #${s.issueNumber}`.trim() },
      { header: "Status", value: (s) => s.status },
      { header: "Sent", value: (s) => n(s.counts.sent), align: "right" },
      { header: "Of", value: (s) => n(s.total), align: "right" },
      { header: "Queued", value: (s) => n(s.counts.queued + s.counts.sending), align: "right" },
      { header: "Failed", value: (s) => n(s.counts.failed), align: "right" },
      { header: "Send at (UTC)", value: (s) => s.sendAt.replace("T", " ").slice(0, 16) },
    ],
    width,
  )}\n`;
}

const FINAL = new Set(["done", "cancelled"]);

/**
 * Follows a send until it is done or cancelled: a progress bar on a terminal, else a line
 * whenever the counts change (for logs). Returns the last summary.
 */
export async function watchSend(
  store: Store,
  issueNumber: number,
  intervalMs: number,
  stderr: CliOutput,
): Promise<SendSummary> {
  const tty = Boolean(stderr.isTTY);
  let s = await sendProgress(store, issueNumber);
  const bar = tty
    ? new SingleBar({
        format:
          "sending {bar} {percentage}% | {value}/{total} settled | {status} | sent {sent} failed {failed}",
        hideCursor: true,
        // A terminal's stream: only the process's own stderr is one.
        stream: stderr as NodeJS.WritableStream,
      })
    : null;
  bar?.start(Math.max(1, s.total), settled(s), {
    status: s.status,
    sent: s.counts.sent,
    failed: s.counts.failed,
  });
  let last = "";
  try {
    for (;;) {
      if (bar) bar.update(settled(s), { status: s.status, sent: s.counts.sent, failed: s.counts.failed });
      else {
        const line = `${new Date().toISOString().slice(11, 19)} ${s.status} · ${countsLine(s)}`;
        if (line.slice(9) !== last) stderr.write(`${line}\n`);
        last = line.slice(9);
      }
      if (FINAL.has(s.status)) break;
      await sleep(intervalMs);
      s = await sendProgress(store, issueNumber);
    }
  } finally {
    bar?.stop();
  }
  return s;
}
