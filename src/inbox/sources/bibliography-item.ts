import { fullDate, type IncomingCandidate } from "../candidate.ts";
import { type SourcePosition, sourceError } from "./errors.ts";
import { httpUrl, plainText } from "./text.ts";

/** What BibTeX and RIS records say, before it is a candidate. */
export interface BibliographyFields {
  title: string;
  authors: string[];
  abstract: string;
  venue: string;
  /** Zotero's word for the kind of item. */
  itemType: string;
  url: string;
  doi: string;
  arxivId: string;
  /** A full date when the record has one ("2020-03-30", RIS "2020/03/30/"). */
  date: string;
  tags: string[];
}

/**
 * A bibliography record as a candidate: the link is the record's URL, else its DOI's or arXiv
 * id's address; the day is the full date when there is one (a year alone is no day). A record
 * without a title is an error naming it.
 */
export function bibliographyCandidate(
  f: BibliographyFields,
  file: string,
  position: SourcePosition,
  what: string,
): IncomingCandidate {
  const title = plainText(f.title);
  if (!title) throw sourceError("source.malformed", file, `a ${what} without a title`, position);
  const doi = plainText(f.doi).replace(/^https?:\/\/(dx\.)?doi\.org\//i, "");
  const arxiv = plainText(f.arxivId)
    .replace(/^arxiv:/i, "")
    .replace(/v\d+$/, "");
  const url =
    httpUrl(plainText(f.url)) ||
    (doi ? `https://doi.org/${doi}` : "") ||
    (arxiv ? `https://arxiv.org/abs/${arxiv}` : "");
  return {
    title,
    abstract: plainText(f.abstract),
    authors: f.authors.map(plainText).filter(Boolean),
    venue: plainText(f.venue) || (arxiv ? `arXiv:${arxiv}` : ""),
    itemType: f.itemType,
    url,
    published: dayFrom(f),
    tags: f.tags.map(plainText).filter(Boolean),
    externalId: null,
    hatTip: null,
  };
}

/** "2020-03-30", "2020/03/30/", "2020-3-5": a day; a year or a month alone is none. */
function dayFrom(f: BibliographyFields): string | null {
  return fullDate(f.date.replace(/\//g, "-").replace(/-(\d)(?=-|$)/g, "-0$1"));
}
