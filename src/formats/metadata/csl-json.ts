import { MetadataFormatError, oneLine, type PaperMetadata } from "./paper.ts";

interface CslName {
  given?: unknown;
  family?: unknown;
  literal?: unknown;
}

/**
 * A DOI's CSL-JSON (what doi.org answers to `Accept: application/vnd.citationstyles.csl+json`;
 * https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html): title, authors (given and
 * family, or a literal name), container-title as the venue, and the year of `issued` (else
 * `published-print`, `published-online`, `created`, as Crossref fills them).
 */
export function parseCslJson(text: string, doi: string): PaperMetadata {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new MetadataFormatError(`not JSON (${(err as Error).message})`, "malformed");
  }
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw new MetadataFormatError("not a CSL-JSON object", "malformed");
  const record = data as Record<string, unknown>;
  const title = oneLine(firstString(record.title));
  if (title === "") throw new MetadataFormatError("the record has no title", "malformed");
  const authors = (Array.isArray(record.author) ? (record.author as CslName[]) : [])
    .map((a) =>
      typeof a.literal === "string"
        ? oneLine(a.literal)
        : oneLine([a.given, a.family].filter((p) => typeof p === "string").join(" ")),
    )
    .filter(Boolean);
  return {
    title,
    authors,
    venue: oneLine(firstString(record["container-title"]) || firstString(record.publisher)),
    year: yearOf(record),
    url: `https://doi.org/${doi}`,
    source: "doi",
  };
}

/** CSL strings are sometimes lists (Crossref's container-title: ["Nature"]). */
function firstString(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value) && typeof value[0] === "string") return value[0];
  return "";
}

function yearOf(record: Record<string, unknown>): number | null {
  for (const field of ["issued", "published-print", "published-online", "created"]) {
    const parts = (record[field] as { "date-parts"?: unknown } | undefined)?.["date-parts"];
    const year = Array.isArray(parts) && Array.isArray(parts[0]) ? Number(parts[0][0]) : Number.NaN;
    if (Number.isInteger(year) && year > 0) return year;
  }
  return null;
}
