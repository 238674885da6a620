/**
 * Keys that identify an entry across imports.
 *
 * A title alone is not a key: 19 titles appear twice in the real sheet (an item summarized
 * again, a recurring event). The pair (normalized title, issue label) is unique in the sheet and
 * survives everything an editor does to a row except retitling it: reordering rows, editing the
 * summary, fixing authors or links. See entries/import-sheet.ts for how an unsent row that later
 * gets its issue is still matched.
 */
export function titleKey(title: string): string {
  return title
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, " ")
    .trim();
}

/** A looser form for "is this the same paper?" lookups: punctuation and case do not matter. */
export function looseTitleKey(title: string): string {
  return titleKey(title)
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * The longest key, in UTF-8 bytes, the database keeps: PostgreSQL refuses a b-tree index row over
 * about 2,700 bytes (entries_key is the title key and the issue label; entry_references_pk the
 * entry and a referenced key). A title whose key is longer is refused; a reference whose key is
 * longer names no title, so it is not recorded (it still renders, as its text).
 */
export const KEY_MAX_BYTES = 2000;

/** Whether a key fits KEY_MAX_BYTES. */
export function keyFits(key: string): boolean {
  // Three bytes per UTF-16 unit at most: most keys are decided without counting.
  return key.length * 3 <= KEY_MAX_BYTES || utf8Length(key) <= KEY_MAX_BYTES;
}

function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A surrogate pair is one 4-byte character: 2 bytes for each of its halves.
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdfff ? 2 : 3;
  }
  return bytes;
}
