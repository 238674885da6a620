import type { Author } from "./entry.ts";

/**
 * Splits the sheet's Authors cell ("Andrew Ilyas*, Shibani Santurkar*, Aleksander Madry")
 * into people. Commas separate authors; a trailing `*` marks equal contribution.
 */
export function parseAuthors(cell: string): Author[] {
  const trimmed = cell.trim();
  if (trimmed === "") return [];
  return trimmed
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part) => {
      const equalContribution = part.endsWith("*");
      return { name: equalContribution ? part.replace(/\*+$/, "").trim() : part, equalContribution };
    });
}

/** The inverse of parseAuthors: the sheet's own spelling. */
export function formatAuthors(authors: readonly Author[]): string {
  return authors.map((a) => (a.equalContribution ? `${a.name}*` : a.name)).join(", ");
}
