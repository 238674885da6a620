/**
 * Splitting a mailbox file into messages. An mbox (mboxo or mboxrd) separates messages with
 * a "From " line; a file that does not start with one is a single message (.eml).
 */

export interface MailboxMessage {
  /** 1-based position in the file, for messages that name where a problem is. */
  number: number;
  /** The message (headers and body), LF line ends, "From " escapes undone. */
  text: string;
}

/** "From sender Mon Jun 10 09:12:44 2024": the envelope line mbox writers put before a message. */
const FROM_LINE =
  /^From \S+ +(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) /;

/**
 * The messages of an mbox, or the one message of an .eml file.
 *
 * A separator is a line starting with "From " at the start of the file, after an empty line,
 * or shaped like a real From_ line ("From sender Mon Jun 10 09:12:44 2024") anywhere (for
 * writers that leave out the empty line). Writers escape such lines in bodies (">From "); the
 * extra conditions keep an unescaped "From here on..." in a paragraph from cutting a message.
 * Escapes are undone the mboxrd way (one ">" removed from ">From ", ">>From ", ...), which
 * also reads mboxo files right except for a body line that really began with ">From ".
 */
export function splitMailbox(text: string): MailboxMessage[] {
  const normalised = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const lines = normalised.split("\n");
  let start = 0;
  while (start < lines.length && lines[start]!.trim() === "") start++;
  if (start === lines.length) return [];
  if (!lines[start]!.startsWith("From ")) return [{ number: 1, text: lines.slice(start).join("\n") }];

  const messages: MailboxMessage[] = [];
  let current: string[] | null = null;
  const finish = () => {
    if (!current) return;
    // The empty line before the next separator belongs to the separator, not the message.
    if (current.length > 0 && current[current.length - 1] === "") current.pop();
    messages.push({ number: messages.length + 1, text: current.join("\n") });
  };
  for (let i = start; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith("From ") && (i === start || lines[i - 1] === "" || FROM_LINE.test(line))) {
      finish();
      current = [];
    } else current?.push(/^>+From /.test(line) ? line.slice(1) : line);
  }
  finish();
  return messages;
}
