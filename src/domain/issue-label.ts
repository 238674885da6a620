import { escapeRegExp } from "./text.ts";

/**
 * The sheet's Email column names the issue an entry went out in: "AN #53". Other values
 * ("Recon #4", "N/A", empty) are not AN issues and are kept verbatim with no number.
 */
export function issueNumberFromLabel(label: string, prefix = "AN"): number | null {
  const m = new RegExp(`^\\s*${escapeRegExp(prefix)}\\s*#\\s*(\\d+)\\s*$`, "i").exec(label);
  return m ? Number(m[1]) : null;
}

/**
 * An issue a reader typed into a search box: "AN #53", "an 53", "AN53", "#53", "issue 53"
 * (the prefix is the newsletter's). A bare number is not one: "2019" is a year, "3" a word of
 * "GPT 3". Null when the text is anything else.
 */
export function issueNumberTyped(text: string, prefix = "AN"): number | null {
  const m = new RegExp(`^\\s*(?:(?:${escapeRegExp(prefix)}|issue)\\s*#?|#)\\s*(\\d{1,5})\\s*$`, "i").exec(
    text,
  );
  return m ? Number(m[1]) : null;
}
