/**
 * How much any one input may make Summa hold or compute, and the errors that say so. Readers
 * check these as they go and stop at the first excess, so a hostile file costs milliseconds and
 * megabytes, never the machine: the real AN sheet is 1,958 rows, its longest cell 12 KB, its
 * xlsx 5 MB of XML.
 */
import { describeLocation, type Location, SummaError } from "../domain/errors.ts";

const MB = 1024 * 1024;

/** The longest cell or field an import accepts, in bytes of UTF-8 (AN's longest is 12 KB). */
export const MAX_FIELD_BYTES = 1 * MB;

/** The most XML an xlsx may unpack to, all parts read together (AN's: 5 MB). */
export const MAX_SHEET_XML_BYTES = 256 * MB;

/**
 * Compression ratio beyond which an archive is taken for a zip bomb. Spreadsheet XML packs
 * about 10:1 (AN's: 4.6:1 at worst); a bomb packs 100:1 to 1000:1. Small parts may pack better
 * than this (a repetitive styles.xml), so it applies only past RATIO_CHECKED_AFTER bytes.
 */
export const MAX_COMPRESSION_RATIO = 50;
export const RATIO_CHECKED_AFTER = 16 * MB;

/**
 * Refuses (import.too_large) an archive once what it unpacks passes `limit` in all (`total`),
 * or once one entry (`name`) unpacks past RATIO_CHECKED_AFTER to more than
 * MAX_COMPRESSION_RATIO times its packed bytes: a zip bomb. The one rule for every zip reader,
 * whether the sizes are those the archive declares or those really unpacked so far.
 */
export function checkUnpacking(
  file: string,
  name: string,
  sizes: { total: number; unpacked: number; packed: number },
  limit = MAX_SHEET_XML_BYTES,
): void {
  if (sizes.total > limit)
    throw tooLarge(
      file,
      `the archive unpacks to more than ${megabytes(limit)}; no spreadsheet is that large`,
    );
  const ratio = sizes.unpacked / Math.max(sizes.packed, 1);
  if (sizes.unpacked > RATIO_CHECKED_AFTER && ratio > MAX_COMPRESSION_RATIO)
    throw tooLarge(
      file,
      `${name} unpacks to ${Math.round(ratio)} times its packed size ` +
        `(more than ${MAX_COMPRESSION_RATIO} past ${megabytes(RATIO_CHECKED_AFTER)}): refused as a zip bomb`,
    );
}

/** How deep HTML may nest before a reader refuses it (a page is a few dozen levels deep). */
export const MAX_HTML_DEPTH = 500;

/** The refusal of an input past one of these limits: import.too_large, naming where. */
export function tooLarge(where: Location | string, problem: string): SummaError {
  const place = typeof where === "string" ? where : describeLocation(where);
  return new SummaError(
    "import.too_large",
    `${place}: ${problem}`,
    typeof where === "string" ? {} : { ...where },
  );
}

export function megabytes(bytes: number): string {
  return `${Math.round((bytes / MB) * 10) / 10} MB`;
}

/** Bytes of UTF-8 in `text`, counted only when its length alone cannot settle the cap. */
export function utf8Bytes(text: string): number {
  return text.length * 3 <= MAX_FIELD_BYTES ? text.length : Buffer.byteLength(text, "utf8");
}

/**
 * Runs a reader of text that knows no file name (an issue parser) and puts the file's name in
 * front of what it refuses, so the message says which file.
 */
export function naming<T>(file: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof SummaError && !err.message.startsWith(`${file}:`))
      throw new SummaError(err.code, `${file}: ${err.message}`, { file, ...err.details });
    throw err;
  }
}
