import { SummaError } from "./errors.ts";

/**
 * NUL (U+0000) means nothing in any text Summa keeps, and PostgreSQL cannot store it in a text
 * column at all ("invalid byte sequence"), where SQLite takes it: so it is refused wherever text
 * comes in, the same way on both databases, with a message naming where it was.
 */
export function hasNul(text: string): boolean {
  return text.includes("\0");
}

/** The error for a NUL in `where` ("query parameter \"q\"", "row 14, column \"Title\""). */
export function nulRefused(where: string, details: Record<string, unknown> = {}): SummaError {
  return new SummaError(
    "input.malformed",
    `${where} contains a NUL character (\\0), which no text may hold: remove it`,
    details,
  );
}
