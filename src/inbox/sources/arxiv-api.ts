import type { IncomingCandidate } from "../candidate.ts";
import { sourceError } from "./errors.ts";
import { dayOf, plainText } from "./text.ts";
import { childNamed, childrenNamed, childText, lineOf, parseXml, rootOf } from "./xml.ts";

/** One page of the arXiv API's answer (https://info.arxiv.org/help/api/user-manual.html). */
export interface ArxivResultsPage {
  candidates: IncomingCandidate[];
  /** opensearch:totalResults: how many the query matches in all (null when absent). */
  total: number | null;
  /** opensearch:startIndex, 0-based. */
  start: number;
  /** Each candidate's `published` time as arXiv wrote it (ISO 8601), the query's cursor. */
  publishedAt: string[];
}

/** `http://arxiv.org/abs/2301.01234v2` → `2301.01234`; old style `hep-th/9901001v1` → `hep-th/9901001`. */
export function arxivIdOfUrl(id: string): string | null {
  const m = /arxiv\.org\/(?:abs|pdf)\/(.+?)(?:v\d+)?(?:\.pdf)?$/i.exec(id.trim());
  return m ? m[1]! : null;
}

/**
 * A candidate per entry of the arXiv API's Atom feed: the id without its version as the
 * external id, the abstract as text, the first version's date, the primary category in the
 * venue the way Zotero writes arXiv papers ("arXiv:2301.01234 [cs.AI]") and Zotero's item
 * type for them (journalArticle), so the ranker sees arXiv items as its history does.
 * arXiv answers a bad query with one entry titled "Error": that is an error here.
 */
export function parseArxivResults(xml: string, source: string): ArxivResultsPage {
  const root = rootOf(parseXml(xml, source));
  if (root.name !== "feed")
    throw sourceError(
      "source.malformed",
      source,
      `not the arXiv API's Atom feed (its root is <${root.name}>)`,
    );
  const number = (name: string) => {
    const text = childText(root, name).trim();
    return text && /^\d+$/.test(text) ? Number(text) : null;
  };
  const entries = childrenNamed(root, "entry");
  const candidates = entries.map((entry, i) => {
    const where = () => ({ line: lineOf(xml, entry), item: i + 1 });
    const rawId = childText(entry, "id");
    const title = plainText(childText(entry, "title"));
    if (title === "Error" || rawId.includes("/api/errors"))
      throw sourceError(
        "source.malformed",
        source,
        `arXiv refused the query: ${plainText(childText(entry, "summary")) || "error"}`,
        where(),
      );
    const id = arxivIdOfUrl(rawId);
    if (!id)
      throw sourceError(
        "source.malformed",
        source,
        `the entry's id "${plainText(rawId)}" is not an arXiv address`,
        where(),
      );
    if (!title) throw sourceError("source.malformed", source, `the entry ${id} has no title`, where());
    const primary = childNamed(entry, "arxiv:primary_category")?.attribs.term ?? "";
    const categories = childrenNamed(entry, "category")
      .map((c) => c.attribs.term ?? "")
      .filter(Boolean);
    return {
      title,
      abstract: plainText(childText(entry, "summary")),
      authors: childrenNamed(entry, "author")
        .map((a) => plainText(childText(a, "name")))
        .filter(Boolean),
      venue: `arXiv:${id}${primary ? ` [${primary}]` : ""}`,
      itemType: "journalArticle",
      url: `https://arxiv.org/abs/${id}`,
      published: dayOf(childText(entry, "published")),
      tags: [...new Set(primary ? [primary, ...categories] : categories)],
      externalId: id,
      hatTip: null,
    } satisfies IncomingCandidate;
  });
  return {
    candidates,
    total: number("opensearch:totalResults"),
    start: number("opensearch:startIndex") ?? 0,
    publishedAt: entries.map((e) => plainText(childText(e, "published"))),
  };
}
