import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { SummaError, unreadableFile } from "../domain/errors.ts";
import { hasNul } from "../domain/nul.ts";
import { type BounceNotice, parseBounceReport, splitMailbox } from "../formats/bounces/index.ts";
import type { Store } from "../store/index.ts";
import { applyBounceEvents, type BounceCounts, type BounceEvent } from "./policy.ts";

/** A message of the file that was not a bounce or complaint, and why. */
export interface SkippedMessage {
  /** 1-based position in the file. */
  message: number;
  reason: string;
}

/** What `summa bounces import` did. */
export interface BounceImportReport extends Omit<BounceCounts, "received"> {
  file: string;
  /** Messages in the file. */
  messages: number;
  /** Bounce and complaint notices read (a DSN may report several recipients). */
  notices: number;
  skipped: SkippedMessage[];
}

/** Problems listed in one error: enough to fix a file, short enough to read. */
const MAX_PROBLEMS = 20;

/**
 * Reads a mailbox (mbox, or one .eml message) into policy events, with the messages skipped.
 * A message that claims to be a report but cannot be read is an error naming its number;
 * all of them are listed (up to 20) and nothing is returned, so nothing is written.
 */
export function readBounceMailbox(
  text: string,
  file: string,
  now = new Date(),
): { messages: number; events: BounceEvent[]; skipped: SkippedMessage[] } {
  const events: BounceEvent[] = [];
  const skipped: SkippedMessage[] = [];
  const problems: string[] = [];
  const messages = splitMailbox(text);
  for (const m of messages) {
    const report = parseBounceReport(m.text);
    if (report.type === "invalid") problems.push(`message ${m.number}: ${report.problem}`);
    else if (report.type === "skipped") skipped.push({ message: m.number, reason: report.reason });
    else
      for (const n of report.notices) {
        // A NUL in what the store keeps (the recipient, the bounced Message-ID, the fields the
        // key is made of) would be refused by the store with no word of the file or message:
        // it is this message's problem, reported with the others. Details have it cleaned out.
        const nul = nulField(n);
        if (nul) {
          problems.push(`message ${m.number}: its ${nul} contains a NUL character (\\0)`);
          continue;
        }
        events.push({
          email: n.email,
          kind: n.kind,
          source: "dsn",
          detail: n.detail,
          // A report without any date counts as received now; it then cannot be told apart
          // from a copy of itself by time, only by its Message-ID (which nearly all carry).
          at: n.at ?? now.toISOString(),
          messageId: n.messageId,
          key: n.key,
        });
      }
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS);
    const more = problems.length > shown.length ? `; and ${problems.length - shown.length} more` : "";
    throw new SummaError(
      "import.invalid_value",
      `${file}: ${problems.length} message${problems.length === 1 ? "" : "s"} could not be read, nothing was imported: ${shown.join("; ")}${more}`,
      { file, problems: shown },
    );
  }
  return { messages: messages.length, events, skipped };
}

/** Which kept field of a notice holds a NUL, if any. */
function nulField(n: BounceNotice): string | null {
  if (hasNul(n.email)) return "recipient";
  if (hasNul(n.messageId)) return "quoted Message-ID";
  if (hasNul(n.key)) return "report's fields";
  return null;
}

/**
 * `summa bounces import FILE`: every DSN and complaint in a mailbox file goes through the
 * policy in one transaction; other messages are skipped and reported.
 */
export async function importBounceFile(
  store: Store,
  path: string,
  now = new Date(),
): Promise<BounceImportReport> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw unreadableFile(path, err);
  }
  const { messages, events, skipped } = readBounceMailbox(text, basename(path), now);
  const { received, ...counts } = await applyBounceEvents(store, events, now);
  return { file: path, messages, notices: received, ...counts, skipped };
}
