/**
 * What an outside catalogue (arXiv, a DOI's registrar) says about a paper: the fields the entry
 * editor can fill. Authors are "Given Family" as the sheet writes them.
 */
export interface PaperMetadata {
  title: string;
  authors: string[];
  venue: string;
  year: number | null;
  /** The address the metadata describes (the abs page, the doi.org link). */
  url: string;
  source: "arxiv" | "doi";
}

/** Why a response could not be read: the client turns it into a coded error naming the URL. */
export class MetadataFormatError extends Error {
  constructor(
    message: string,
    readonly kind: "malformed" | "not_found",
  ) {
    super(message);
  }
}

/** Whitespace runs (arXiv wraps titles over lines) as one space. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
