import { escapeRegExp } from "./text.ts";

/**
 * The sheet's Email column names the issue an entry went out in: "AN #53". Other values
 * ("Recon #4", "N/A", empty) are not AN issues and are kept verbatim with no number.
 */
export function issueNumberFromLabel(label: string, prefix = "AN"): number | null {
  const m = new RegExp(`^\\s*${escapeRegExp(prefix)}\\s*#\\s*(\\d+)\\s*$`, "i").exec(label);
  return m ? Number(m[1]) : null;
}
