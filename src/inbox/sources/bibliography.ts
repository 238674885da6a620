import type { IncomingCandidate } from "../candidate.ts";
import { parseBibtex } from "./bibtex.ts";
import { sourceError } from "./errors.ts";
import { parseRis } from "./ris.ts";
import { parseZoteroCsv } from "./zotero.ts";

export type BibliographyFormat = "zotero-csv" | "bibtex" | "ris";

/**
 * Which bibliography a file is: by its extension (.csv, .bib, .ris), else by its first
 * characters (an `@type{`, a `TY  - ` line, a CSV header naming Title). Null when neither says.
 */
export function bibliographyFormatOf(name: string, text: string): BibliographyFormat | null {
  const ext = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (ext === "csv") return "zotero-csv";
  if (ext === "bib" || ext === "bibtex") return "bibtex";
  if (ext === "ris") return "ris";
  const head = text
    .replace(/^\uFEFF/, "")
    .trimStart()
    .slice(0, 4000);
  if (/^TY {2}-/m.test(head)) return "ris";
  if (/^(%.*\n\s*)*@[a-z]+\s*[{(]/i.test(head)) return "bibtex";
  if (/^[^\n]*"?Title"?\s*,|,\s*"?Title"?\s*(,|\r?\n)/.test(head)) return "zotero-csv";
  return null;
}

/** A bibliography file's items, read by its format. */
export async function parseBibliography(name: string, text: string): Promise<IncomingCandidate[]> {
  const format = bibliographyFormatOf(name, text);
  if (format === "bibtex") return parseBibtex(text, name);
  if (format === "ris") return parseRis(text, name);
  if (format === "zotero-csv") return parseZoteroCsv(text, name);
  throw sourceError(
    "source.malformed",
    name,
    "not a bibliography Summa reads: a Zotero CSV export (.csv), BibTeX (.bib) or RIS (.ris)",
  );
}
