/** The largest id or issue number the databases store (a 32-bit integer column). */
export const MAX_ROW_ID = 2_147_483_647;

/**
 * An id or issue number from a URL or a form: digits only, and small enough for the column.
 * Anything else is null, so a long number is "no such entry", not a PostgreSQL range error.
 */
export function parseRowId(value: unknown): number | null {
  if (typeof value !== "string" || !/^\d{1,10}$/.test(value)) return null;
  const n = Number(value);
  return n <= MAX_ROW_ID ? n : null;
}

/** One text field of a parsed form: "" when it is absent, a file, or sent more than once. */
export function formText(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  return typeof value === "string" ? value : "";
}
