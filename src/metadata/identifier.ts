import { arxivId, doiOf } from "../domain/url-key.ts";

/** A paper named by an identifier a catalogue answers for. */
export type PaperId = { kind: "arxiv"; id: string } | { kind: "doi"; doi: string };

/**
 * The arXiv id or DOI in what a person pasted: arxiv.org abs/pdf links (versions dropped),
 * bare ids new (`2301.01234v2`) and old (`hep-th/9901001`), `arXiv:` prefixes; doi.org links
 * and bare `10.x/y` DOIs. Null for anything else (a blog post has no catalogue to ask).
 */
export function paperIdOf(text: string): PaperId | null {
  const trimmed = text.trim();
  const arxiv = arxivId(trimmed) ?? oldStyleArxivId(trimmed);
  if (arxiv) return { kind: "arxiv", id: arxiv };
  const doi = doiOf(trimmed);
  return doi ? { kind: "doi", doi } : null;
}

/** `hep-th/9901001`, `math.GT/0309136`, with an optional `arXiv:` and version. */
function oldStyleArxivId(text: string): string | null {
  const m = /^(?:arxiv:)?([a-z-]+(?:\.[a-z]{2})?\/\d{7})(?:v\d+)?$/i.exec(text);
  return m ? m[1]!.toLowerCase() : null;
}
