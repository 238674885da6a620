/**
 * Joint credit is written "Rohin/Robert" in the sheet: two people. Names are kept as written
 * ("Dan H" and "Dan Hendrycks" stay distinct: merging people is an editorial decision).
 */
export function parseSummarizers(cell: string): string[] {
  return cell
    .split("/")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

export function formatSummarizers(names: readonly string[]): string {
  return names.join("/");
}
