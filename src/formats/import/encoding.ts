import { isUtf8 } from "node:buffer";
import { describeLocation, type Location, SummaError } from "../../domain/errors.ts";
import { decodeWindows1252 } from "../windows-1252.ts";

/**
 * The text encodings a CSV may be read in. UTF-8 is the default and is checked: a byte that is
 * not UTF-8 is refused, naming its row and line, rather than read as U+FFFD (which would mark
 * every row holding an accent as changed). Latin-1 and Windows-1252 are read as WHATWG reads
 * them (the same table: every byte is a character; ../windows-1252.ts, since Node 20's own
 * decoder gets 0x80-0x9F wrong), so they are chosen, never guessed.
 */
export const SHEET_ENCODINGS = ["utf-8", "latin1", "windows-1252"] as const;
export type SheetEncoding = (typeof SHEET_ENCODINGS)[number];

const NAMES: Record<string, SheetEncoding> = {
  "utf-8": "utf-8",
  utf8: "utf-8",
  latin1: "latin1",
  "latin-1": "latin1",
  "iso-8859-1": "latin1",
  "windows-1252": "windows-1252",
  cp1252: "windows-1252",
};

/** The encoding a person named ("utf8", "Latin-1", "cp1252"...), or null for one Summa does not read. */
export function sheetEncoding(name: string): SheetEncoding | null {
  return NAMES[name.trim().toLowerCase()] ?? null;
}

/** Where the first byte that is not UTF-8 is (the length when all are). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const n =
      b < 0x80
        ? 0
        : b >= 0xc2 && b <= 0xdf
          ? 1
          : b >= 0xe0 && b <= 0xef
            ? 2
            : b >= 0xf0 && b <= 0xf4
              ? 3
              : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    // Overlong forms, surrogates and code points past U+10FFFF.
    const c1 = bytes[i + 1] ?? 0;
    if (
      (b === 0xe0 && c1 < 0xa0) ||
      (b === 0xed && c1 > 0x9f) ||
      (b === 0xf0 && c1 < 0x90) ||
      (b === 0xf4 && c1 > 0x8f)
    )
      return i;
    i += n + 1;
  }
  return bytes.length;
}

/**
 * One field's bytes as text. `at` names the field; `line` is the line its first byte is on,
 * to count on to the bad byte's.
 */
export function decodeField(
  bytes: Uint8Array,
  encoding: SheetEncoding,
  at: Location,
  line?: number | (() => number),
): string {
  if (bytes.length === 0) return "";
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (encoding !== "utf-8") return decodeWindows1252(buffer);
  if (isUtf8(buffer)) return buffer.toString("utf8");
  const bad = firstInvalidUtf8(buffer);
  // Counted only now: a file that decodes never pays for it.
  let badLine = typeof line === "function" ? line() : line;
  if (badLine !== undefined) for (let i = 0; i < bad; i++) if (buffer[i] === 0x0a) badLine++;
  const where = `${describeLocation({ file: at.file, row: at.row })}${badLine !== undefined ? ` (line ${badLine})` : ""}${at.column ? `, column "${at.column}"` : ""}`;
  return refuse(where, buffer[bad]!, at, badLine);
}

function refuse(where: string, byte: number, at: Location, line: number | undefined): never {
  throw new SummaError(
    "import.bad_encoding",
    `${where}: not UTF-8 (byte 0x${byte.toString(16).toUpperCase().padStart(2, "0")}). ` +
      "If the file is Latin-1 or Windows-1252 (an older Excel's CSV), import it with --encoding latin1 or --encoding windows-1252.",
    { ...at, ...(line !== undefined ? { line } : {}) },
  );
}
