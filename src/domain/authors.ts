/** One author of an entry. */
export interface Author {
  name: string;
  /** The sheet marks equal contribution with a trailing `*`. */
  equalContribution: boolean;
}

/** Commas separate authors, and so does "and" ("A, B, and C", "A and B", "B,and C"). */
const SEPARATOR = /\s*,\s*(?:and\s+)?|\s+and\s+/;

/**
 * Splits the sheet's Authors cell ("Andrew Ilyas*, Shibani Santurkar*, Aleksander Madry")
 * into people. A trailing `*` marks equal contribution.
 */
export function parseAuthors(cell: string): Author[] {
  const trimmed = cell.trim();
  if (trimmed === "") return [];
  return trimmed
    .split(SEPARATOR)
    .map((part) => {
      const text = part.replace(/\s+/g, " ").trim();
      const equalContribution = text.endsWith("*");
      return { name: equalContribution ? text.replace(/\*+$/, "").trim() : text, equalContribution };
    })
    .filter((author) => author.name !== "");
}

/** The inverse of parseAuthors: the sheet's own spelling. */
export function formatAuthors(authors: readonly Author[]): string {
  return authors.map((a) => (a.equalContribution ? `${a.name}*` : a.name)).join(", ");
}
