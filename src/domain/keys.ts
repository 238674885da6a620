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
