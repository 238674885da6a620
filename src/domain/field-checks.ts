import { FIELD_SPECS, type FieldSpec } from "./entry-fields.ts";
import { keyFits, titleKey } from "./keys.ts";
import { hasNul } from "./nul.ts";
import { isWebAddress } from "./url-rule.ts";

/**
 * The checks every path that writes an entry runs on each field's text, whatever typed or
 * imported it (the desk, the API, sheet and issue imports), so the databases see the same
 * values and answer the same: no NUL (PostgreSQL cannot store it), at most the field's
 * maxLength characters (the field table's), an address field holding a web address (the URL
 * rule), and a key field whose normalized form fits an index row (PostgreSQL refuses a b-tree
 * row over ~2,700 bytes; NFKC can make one character eighteen).
 * Returns what is wrong, as a phrase a message can put after the field's name, or null.
 */
export function fieldProblem(spec: FieldSpec, text: string): string | null {
  if (hasNul(text)) return "contains a NUL character (\\0)";
  if (spec.maxLength !== undefined && text.length > spec.maxLength)
    return `is ${text.length.toLocaleString("en-US")} characters long; at most ${spec.maxLength.toLocaleString("en-US")}`;
  if (spec.kind === "url") {
    const url = text.trim();
    if (url && !isWebAddress(url)) return `"${shorten(url)}" is not an http(s) address`;
  }
  // ASCII is its own normal form, and maxLength keeps it under the key's bytes.
  if (spec.key && !ASCII.test(text) && !keyFits(titleKey(text)))
    return "is too long once normalized (for example, many ligatures)";
  return null;
}

/** The problems of every field of `values` (by field name), as fieldProblem words them. */
export function fieldProblems(
  values: Record<string, unknown>,
  table: readonly FieldSpec[] = FIELD_SPECS,
): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const spec of table) {
    const value = values[spec.name];
    if (typeof value !== "string") continue;
    const problem = fieldProblem(spec, value);
    if (problem) problems[spec.name] = problem;
  }
  return problems;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: all of ASCII
const ASCII = /^[\u0000-\u007f]*$/;

function shorten(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
